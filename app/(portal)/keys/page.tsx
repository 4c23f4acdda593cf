import type { Metadata } from "next";
import { RotateKeysButton } from "@/components/keys/rotate-keys-button";
import { SigningKeysTable } from "@/components/keys/signing-keys-table";
import { PageHeader } from "@/components/layout/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { endpoints } from "@/lib/oauth/discovery";
import { signingKeyRows } from "@/lib/oauth/key-view";

export const metadata: Metadata = { title: "Signing keys" };

export default async function SigningKeysPage() {
  const admin = await requirePermission("keys.read");
  const keys = await signingKeyRows();
  const jwksUri = endpoints().jwks;

  return (
    <>
      <PageHeader
        title="Signing keys"
        description="The keys that sign access tokens. Retired keys stay published until the last token they signed has expired."
        actions={can(admin, "keys.write") && <RotateKeysButton />}
      />
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
        Published at{" "}
        <a href={jwksUri} className="font-mono text-indigo-700 hover:underline dark:text-indigo-300">
          {jwksUri}
        </a>
      </p>
      <SigningKeysTable keys={keys} />
    </>
  );
}
