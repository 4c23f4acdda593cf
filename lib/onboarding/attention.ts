import "server-only";
import { clientsWithin, type Reach } from "@/lib/auth/reach";
import { prisma } from "@/lib/db/prisma";
import { WEAK_SECRET_HASHES } from "@/lib/secrets/weak";

// What needs an admin's attention, for the dashboard: each item names the client to act on. Only
// the clients within the admin's reach are counted (an Editor bound to one context sees that
// context's); the recent audit events only for those who may read the audit log.

export const ATTENTION_WINDOW_DAYS = 30;
/** What to do about an Implicit client, wherever the portal says it. */
export const IMPLICIT_ADVICE = "deprecated by RFC 9700: move it to AuthorizationCode with PKCE";
const LIMIT = 10;

export type AttentionItem = {
  kind: "secret-expiring" | "client-expiring" | "never-used" | "weak-secret" | "implicit-flow";
  clientId: string;
  clientInternalId: string;
  at: Date | null;
  detail: string;
};

export async function needsAttention(reach: Reach, { withAuditEvents, now = new Date() }: { withAuditEvents: boolean; now?: Date }) {
  const until = new Date(now.getTime() + ATTENTION_WINDOW_DAYS * 86_400_000);
  const clientSelect = { id: true, clientId: true } as const;
  const [secrets, clients, neverUsed, weak, implicit, recent] = await Promise.all([
    prisma.secret.findMany({
      where: { clientInternalId: { not: null }, client: { is: clientsWithin(reach) }, revokedAt: null, expiresAt: { gt: now, lte: until } },
      orderBy: { expiresAt: "asc" },
      take: LIMIT,
      select: { hint: true, description: true, expiresAt: true, client: { select: clientSelect } },
    }),
    prisma.client.findMany({
      where: clientsWithin(reach, { enabled: true, expiresAt: { gt: now, lte: until } }),
      orderBy: { expiresAt: "asc" },
      take: LIMIT,
      select: { ...clientSelect, expiresAt: true },
    }),
    // Clients that hold an active secret but have never got a token.
    prisma.client.findMany({
      where: clientsWithin(reach, {
        enabled: true,
        lastTokenAt: null,
        tokenEndpointAuthMethod: { not: "none" },
        secrets: { some: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } },
      }),
      orderBy: { createdAt: "asc" },
      take: LIMIT,
      select: { ...clientSelect, createdAt: true },
    }),
    prisma.secret.findMany({
      where: { clientInternalId: { not: null }, client: { is: clientsWithin(reach) }, revokedAt: null, hash: { in: [...WEAK_SECRET_HASHES] } },
      // By hash, so the hash index answers it (a few look-ups) instead of a walk over every live secret.
      orderBy: { hash: "asc" },
      take: LIMIT,
      select: { client: { select: clientSelect } },
    }),
    // The Implicit flow is deprecated (OAuth 2.0 Security BCP, RFC 9700) and the portal does not serve it.
    prisma.client.findMany({
      where: clientsWithin(reach, { enabled: true, flow: "Implicit" }),
      orderBy: { createdAt: "asc" },
      take: LIMIT,
      select: clientSelect,
    }),
    withAuditEvents
      ? prisma.auditEvent.findMany({
          orderBy: { at: "desc" },
          take: 8,
          select: { id: true, at: true, action: true, actorLabel: true, targetType: true, targetId: true, targetLabel: true },
        })
      : null,
  ]);
  const items: AttentionItem[] = [
    ...weak.flatMap((s) =>
      s.client
        ? [
            {
              kind: "weak-secret" as const,
              clientId: s.client.clientId,
              clientInternalId: s.client.id,
              at: null,
              detail: "uses a well-known weak secret: rotate it",
            },
          ]
        : [],
    ),
    ...secrets.flatMap((s) =>
      s.client
        ? [
            {
              kind: "secret-expiring" as const,
              clientId: s.client.clientId,
              clientInternalId: s.client.id,
              at: s.expiresAt,
              detail: `secret ${s.hint ? `…${s.hint}` : s.description || "(imported)"} expires`,
            },
          ]
        : [],
    ),
    ...implicit.map((c) => ({
      kind: "implicit-flow" as const,
      clientId: c.clientId,
      clientInternalId: c.id,
      at: null,
      detail: `uses the Implicit flow, which the portal does not serve (${IMPLICIT_ADVICE})`,
    })),
    ...clients.map((c) => ({ kind: "client-expiring" as const, clientId: c.clientId, clientInternalId: c.id, at: c.expiresAt, detail: "client expires" })),
    ...neverUsed.map((c) => ({
      kind: "never-used" as const,
      clientId: c.clientId,
      clientInternalId: c.id,
      at: c.createdAt,
      detail: "its secrets were never used (no token yet); created",
    })),
  ];
  return { items, recent };
}
