import { z } from "zod";
import { currentAdmin } from "@/lib/auth/session";
import { MIN_PASSPHRASE_LENGTH } from "@/lib/config/passphrase";
import { exportConfiguration } from "@/lib/config/service";
import { prisma } from "@/lib/db/prisma";

// Downloads the portal's configuration: the whole-portal JSON or the Usercube XML. POST (the export
// form) may include identity-provider client secrets, sealed with the passphrase typed there.

const formSchema = z
  .object({
    format: z.enum(["portal-json", "usercube-xml"]),
    includeProviderSecrets: z.enum(["on", "true"]).optional(),
    passphrase: z.string().max(1000).optional(),
  })
  .refine((v) => !v.includeProviderSecrets || (v.passphrase ?? "").length >= MIN_PASSPHRASE_LENGTH, {
    message: `Provider secrets are sealed with a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters.`,
  });

function plain(status: number, message: string) {
  return new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true;
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  return URL.canParse(origin) && new URL(origin).host === host;
}

export async function POST(request: Request) {
  if (!sameOrigin(request)) return plain(403, "Cross-site export requests are refused.");
  const admin = await currentAdmin();
  if (!admin) return plain(401, "Sign in to export the configuration.");
  const form = await request.formData().catch(() => null);
  const parsed = formSchema.safeParse(Object.fromEntries([...(form?.entries() ?? [])].filter(([, v]) => typeof v === "string")));
  if (!parsed.success) return plain(400, parsed.error.issues.map((i) => i.message).join(" "));
  const { format, includeProviderSecrets, passphrase } = parsed.data;
  const exported = await prisma.$transaction((tx) =>
    exportConfiguration(tx, { type: "admin", id: admin.id, label: admin.email }, { format, includeProviderSecrets: Boolean(includeProviderSecrets), passphrase }),
  );
  return new Response(exported.body, {
    headers: { "content-type": exported.contentType, "content-disposition": `attachment; filename="${exported.filename}"`, "cache-control": "no-store" },
  });
}
