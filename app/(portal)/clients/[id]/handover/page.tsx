import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { ClientDetails, OTHER_DETAILS, type DetailEntry } from "@/components/clients/client-details";
import { PrintButton } from "@/components/clients/print-button";
import { DateTime } from "@/components/ui/date-time";
import { requirePermission } from "@/lib/auth/session";
import { getClient } from "@/lib/clients/queries";
import { clientStatus } from "@/lib/clients/status";
import { prisma } from "@/lib/db/prisma";
import { portalOrigin } from "@/lib/http/origin";
import { endpoints } from "@/lib/oauth/discovery";
import { defaultScopeNames, tokenCurlCommands } from "@/lib/oauth/token-curl";
import { DISPLAY_TIME_ZONE } from "@/lib/validation/format-instant";

export const metadata: Metadata = { title: "Client hand-over sheet" };

/** Who created the client (the actor of its creation or import event): the owner to ask. */
async function ownerOf(id: string) {
  const event = await prisma.auditEvent.findFirst({
    where: { targetType: "client", targetId: id, action: { in: ["client.created", "client.imported"] } },
    orderBy: { at: "asc" },
    select: { actorLabel: true, actorType: true },
  });
  return event ? `${event.actorLabel}${event.actorType === "client" ? " (API client)" : ""}` : "unknown";
}

/**
 * A printable sheet to hand a client over to the team that will run it: everything it needs to get
 * tokens, and never the secret (that goes through a secret manager, separately).
 */
export default async function HandoverPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requirePermission("clients.read");
  const { id } = await params;
  const [client, origin, owner] = await Promise.all([getClient(id, admin.reach), portalOrigin(), ownerOf(id)]);
  if (!client) notFound();
  const urls = endpoints(origin);
  // The same token call as the client page's (its enabled scopes).
  const curlScopes = await defaultScopeNames(client.id);
  const code = (value: string) => <code className="font-mono">{value}</code>;
  const layout: DetailEntry[] = [
    { label: "Client ID", value: code(client.clientId) },
    "displayName",
    { label: "Status", value: clientStatus(client) },
    "flow",
    "tokenEndpointAuthMethod",
    "idTokenSignedResponseAlg",
    { label: "Token endpoint", value: code(urls.token) },
    { label: "Discovery URL", value: code(`${origin}/.well-known/openid-configuration`) },
    { label: "JWKS", value: code(urls.jwks) },
    "scopes",
    "profile",
    {
      label: "Profile context",
      value: client.profileContext ? `${client.profileContext.category}: ${client.profileContext.d0} (Id ${client.profileContext.id})` : "none",
    },
    "redirectUris",
    "expiresAt",
    OTHER_DETAILS,
    { label: "Created by", value: owner },
    { label: "Secret", value: "Not on this sheet. It is handed over separately, through your secret manager." },
  ];
  return (
    <article className="mx-auto max-w-3xl min-w-0 rounded-xl border border-slate-200 bg-white p-6 text-slate-900 print:max-w-none print:border-0 print:p-0 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100 print:dark:bg-white print:dark:text-black">
      <div className="flex flex-wrap items-start justify-between gap-3 print:hidden">
        <Link href={`/clients/${client.id}`} className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
          ← Back to the client
        </Link>
        <PrintButton />
      </div>
      <h1 className="mt-4 text-2xl font-semibold tracking-tight print:mt-0">Client hand-over sheet</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400 print:text-black">
        Printed from {origin} · times in {DISPLAY_TIME_ZONE} · <DateTime value={new Date()} />
      </p>
      <ClientDetails client={client} view="sheet" layout={layout} />
      {client.flow === "ClientCredentials" && client.tokenEndpointAuthMethod !== "none" && (
        <section className="mt-6 text-sm">
          <h2 className="font-semibold">Get a token</h2>
          <pre className="mt-2 overflow-x-auto whitespace-pre-wrap break-all rounded-lg bg-slate-100 p-3 font-mono text-xs dark:bg-slate-950 print:bg-white print:p-0">
            {
              tokenCurlCommands({ issuer: origin, clientId: client.clientId, tokenEndpointAuthMethod: client.tokenEndpointAuthMethod, scopes: curlScopes })
                .token
            }
          </pre>
        </section>
      )}
    </article>
  );
}
