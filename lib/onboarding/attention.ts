import "server-only";
import { clientsWithin, type Reach } from "@/lib/auth/reach";
import { prisma } from "@/lib/db/prisma";
import { EXPIRY_WARNING_DAYS, expiryWarning, warningHorizon, type ExpiryWarning } from "@/lib/secrets/policy";
import { secretsBreakingPolicy } from "@/lib/secrets/queries";
import { WEAK_SECRET_HASHES } from "@/lib/secrets/weak";

// What needs an admin's attention, for the dashboard: each item names the client to act on. Only
// the clients within the admin's reach are counted (an Editor bound to one context sees that
// context's); the recent audit events only for those who may read the audit log.

/** Expiries are shown this many days ahead, each with its 30/7/1-day warning (lib/secrets/policy.ts). */
export const ATTENTION_WINDOW_DAYS = EXPIRY_WARNING_DAYS[0];
/** What to do about an Implicit client, wherever the portal says it. */
export const IMPLICIT_ADVICE = "deprecated by RFC 9700: move it to AuthorizationCode with PKCE";
const LIMIT = 10;

export type AttentionItem = {
  kind: "secret-expiring" | "scope-secret-expiring" | "client-expiring" | "secret-breaks-policy" | "never-used" | "weak-secret" | "implicit-flow";
  /** What to act on: a client's client_id (or a scope's name), and its page. */
  label: string;
  href: string;
  at: Date | null;
  detail: string;
  /** An expiry's tightest warning window (30, 7 or 1 days). */
  warning?: ExpiryWarning;
};

const secretName = (s: { hint: string; description: string }) => (s.hint ? `…${s.hint}` : s.description || "(imported)");
const clientTarget = (c: { id: string; clientId: string }) => ({ label: c.clientId, href: `/clients/${c.id}` });

export async function needsAttention(reach: Reach, { withAuditEvents, now = new Date() }: { withAuditEvents: boolean; now?: Date }) {
  const until = warningHorizon(now);
  const clientSelect = { id: true, clientId: true } as const;
  const [secrets, scopeSecrets, clients, breaking, neverUsed, weak, implicit, recent] = await Promise.all([
    prisma.secret.findMany({
      where: { clientInternalId: { not: null }, client: { is: clientsWithin(reach) }, revokedAt: null, expiresAt: { gt: now, lte: until } },
      orderBy: { expiresAt: "asc" },
      take: LIMIT,
      select: { hint: true, description: true, expiresAt: true, client: { select: clientSelect } },
    }),
    // Scopes belong to no profile context: their secrets are shown to those who see every client.
    reach.kind === "all"
      ? prisma.secret.findMany({
          where: { scopeId: { not: null }, revokedAt: null, expiresAt: { gt: now, lte: until } },
          orderBy: { expiresAt: "asc" },
          take: LIMIT,
          select: { hint: true, description: true, expiresAt: true, scope: { select: { id: true, name: true } } },
        })
      : [],
    prisma.client.findMany({
      where: clientsWithin(reach, { enabled: true, expiresAt: { gt: now, lte: until } }),
      orderBy: { expiresAt: "asc" },
      take: LIMIT,
      select: { ...clientSelect, expiresAt: true },
    }),
    secretsBreakingPolicy(reach, now),
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
  const expiring = (at: Date | null) => ({ at, warning: expiryWarning(at, now) ?? undefined });
  const expiries: AttentionItem[] = [
    ...secrets.flatMap((s) =>
      s.client ? [{ kind: "secret-expiring" as const, ...clientTarget(s.client), ...expiring(s.expiresAt), detail: `secret ${secretName(s)} expires` }] : [],
    ),
    ...scopeSecrets.flatMap((s) =>
      s.scope
        ? [
            {
              kind: "scope-secret-expiring" as const,
              label: s.scope.name,
              href: `/scopes/${s.scope.id}`,
              ...expiring(s.expiresAt),
              detail: `scope secret ${secretName(s)} expires`,
            },
          ]
        : [],
    ),
    ...clients.map((c) => ({ kind: "client-expiring" as const, ...clientTarget(c), ...expiring(c.expiresAt), detail: "client expires" })),
  ].sort((a, b) => a.at!.getTime() - b.at!.getTime());
  const items: AttentionItem[] = [
    ...weak.flatMap((s) =>
      s.client ? [{ kind: "weak-secret" as const, ...clientTarget(s.client), at: null, detail: "uses a well-known weak secret: rotate it" }] : [],
    ),
    ...breaking.slice(0, LIMIT).map((s) => ({
      kind: "secret-breaks-policy" as const,
      ...clientTarget(s.client),
      at: s.expiresAt,
      detail: `secret ${secretName(s)} breaks its profile's policy of at most ${s.maxDays} days: ${s.expiresAt ? "it expires" : "it never expires"}`,
    })),
    ...expiries,
    ...implicit.map((c) => ({
      kind: "implicit-flow" as const,
      ...clientTarget(c),
      at: null,
      detail: `uses the Implicit flow, which the portal does not serve (${IMPLICIT_ADVICE})`,
    })),
    ...neverUsed.map((c) => ({
      kind: "never-used" as const,
      ...clientTarget(c),
      at: c.createdAt,
      detail: "its secrets were never used (no token yet); created",
    })),
  ];
  return { items, recent };
}
