import "server-only";
import { headers } from "next/headers";
import { forbidden, notFound } from "next/navigation";
import { prisma } from "@/lib/db/prisma";
import { REQUEST_PATH_HEADER } from "@/lib/http/content-security-policy";
import { requestsWithin } from "@/lib/change-requests/queries";
import { endUserExists } from "@/lib/end-users/queries";
import { can, type Permission } from "./permissions";
import { clientsWithin } from "./reach";
import type { CurrentAdmin } from "./session";

// The status of a full page load is decided before the page streams (docs/decisions/008): the portal
// layout, which renders ahead of the section's loading state, refuses a page the admin may not open
// (403) and a record that does not exist or is out of reach (404). Each page still calls
// requirePermission and notFound itself (client navigations do not re-render the layout); this table
// says the same thing, and lib/auth/page-gate.test.ts checks it against every page's code.

type Gate = {
  /** The permission the page's requirePermission names; null for a page any admin may open. */
  permission: Permission | null;
  /** For a page of one record ([id]): whether the record exists within the admin's reach. */
  exists?: (id: string, admin: CurrentAdmin) => Promise<boolean>;
};

const clientExists = async (id: string, admin: CurrentAdmin) =>
  (await prisma.client.findFirst({ where: clientsWithin(admin.reach, { id }), select: { id: true } })) !== null;
const providerExists = async (id: string) => (await prisma.identityProvider.findUnique({ where: { id }, select: { id: true } })) !== null;
const scopeExists = async (id: string) => (await prisma.scope.findUnique({ where: { id }, select: { id: true } })) !== null;
const requestExists = async (id: string, admin: CurrentAdmin) =>
  (await prisma.changeRequest.findFirst({ where: requestsWithin(admin.reach, { id }), select: { id: true } })) !== null;
const webhookExists = async (id: string) => (await prisma.webhookEndpoint.findUnique({ where: { id }, select: { id: true } })) !== null;

/** Every page of the portal section, by route (as under app/(portal)/, [id] for the record's id). */
export const PAGE_GATES: Record<string, Gate> = {
  "/": { permission: null },
  "/account": { permission: "account.write" },
  "/admins": { permission: "admins.write" },
  "/audit": { permission: "audit.read" },
  "/clients": { permission: "clients.read" },
  "/clients/new": { permission: "clients.write" },
  "/clients/[id]": { permission: "clients.read", exists: clientExists },
  "/clients/[id]/handover": { permission: "clients.read", exists: clientExists },
  "/clients/[id]/try/[trial]": { permission: "clients.write", exists: clientExists },
  "/configuration": { permission: "configuration.export" },
  "/deliveries": { permission: "deliveries.write" },
  "/docs/api": { permission: null },
  "/end-users": { permission: "endUsers.read" },
  "/end-users/[id]": { permission: "endUsers.read", exists: (id, admin) => endUserExists(id, admin.reach) },
  "/keys": { permission: "keys.read" },
  "/profiles": { permission: "profiles.read" },
  "/providers": { permission: "providers.read" },
  "/providers/new": { permission: "providers.write" },
  "/providers/[id]": { permission: "providers.read", exists: providerExists },
  "/change-requests": { permission: "clients.read" },
  "/change-requests/[id]": { permission: "clients.read", exists: requestExists },
  "/scopes": { permission: "scopes.read" },
  "/scopes/[id]": { permission: "scopes.read", exists: scopeExists },
  "/settings/audit": { permission: "settings.write" },
  "/settings/mail": { permission: "settings.write" },
  "/webhooks": { permission: "webhooks.write" },
  "/webhooks/[id]": { permission: "webhooks.write", exists: webhookExists },
};

/** The gate of a request path and the record id it names; null for a path that is no portal page. */
export function gateOf(pathname: string): { gate: Gate; id: string | null } | null {
  const segments = pathname.split("/").filter(Boolean);
  const exact = PAGE_GATES[`/${segments.join("/")}`];
  if (exact) return { gate: exact, id: null };
  for (const [route, gate] of Object.entries(PAGE_GATES)) {
    const parts = route.split("/").filter(Boolean);
    if (parts.length !== segments.length || !parts.every((p, i) => /^\[\w+\]$/.test(p) || p === segments[i])) continue;
    let id: string;
    try {
      id = decodeURIComponent(segments[parts.indexOf("[id]")]!);
    } catch {
      return null; // undecodable: the page's own answer (scripts/server.mjs refuses these first)
    }
    return { gate, id };
  }
  return null;
}

/**
 * Refuses, before anything streams, the page the request names: 403 (forbidden()) when the admin's
 * role does not allow it, 404 (notFound()) when its record does not exist within reach.
 */
export async function gatePortalPage(admin: CurrentAdmin): Promise<void> {
  const path = (await headers()).get(REQUEST_PATH_HEADER);
  if (!path) return;
  const match = gateOf(path.split("?")[0]!);
  if (!match) return;
  if (match.gate.permission && !can(admin, match.gate.permission)) forbidden();
  if (match.gate.exists && match.id !== null && !(await match.gate.exists(match.id, admin))) notFound();
}
