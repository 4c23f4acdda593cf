import type { Prisma } from "@/lib/generated/prisma/client";

// The one rule "is this client usable?" — for the token endpoint, introspection, the REST API's
// caller check, the list's status filter and every status badge. In memory (clientStatus) and as a
// database filter (clientStatusWhere), side by side so they cannot drift (status.test.ts).

export const CLIENT_STATUSES = ["active", "disabled", "expired"] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

type StatusFields = { enabled: boolean; expiresAt: Date | null };

/** Disabled wins over expired; a client past its expiration can no longer be used. */
export function clientStatus(client: StatusFields, now = new Date()): ClientStatus {
  if (!client.enabled) return "disabled";
  if (client.expiresAt && client.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

/** Whether the client may get tokens, use them, and call the API: enabled and not expired. */
export function isClientActive(client: StatusFields, now = new Date()): boolean {
  return clientStatus(client, now) === "active";
}

/** The same rule as a where clause, evaluated in the database (indexes on enabled / expiresAt). */
export function clientStatusWhere(status: ClientStatus | "" | undefined, now = new Date()): Prisma.ClientWhereInput {
  switch (status) {
    case "active":
      return { enabled: true, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
    case "expired":
      return { enabled: true, expiresAt: { lte: now } };
    case "disabled":
      return { enabled: false };
    default:
      return {};
  }
}
