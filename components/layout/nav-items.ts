import { can, type Permission, type Principal } from "@/lib/auth/permissions";

// The sections of the portal, in sidebar order (shared by the sidebar and the dashboard).
export const NAV_ITEMS = [
  { href: "/", permission: null, label: "Dashboard", description: "" },
  { href: "/clients", permission: "clients.read", label: "Clients", description: "OpenID Connect clients, their redirect URIs and secrets." },
  {
    href: "/change-requests",
    permission: "clients.read",
    label: "Change requests",
    description: "Client changes that wait for a second person's approval, and the decisions on them.",
  },
  {
    href: "/end-users",
    permission: "endUsers.read",
    label: "End users",
    description: "Who signed in to the clients, through which provider; their grants and sessions.",
  },
  { href: "/scopes", permission: "scopes.read", label: "Scopes", description: "Scopes clients may request, and scope secrets for introspection." },
  { href: "/profiles", permission: "profiles.read", label: "Profiles", description: "Profiles and profile contexts that bound what a client may do." },
  { href: "/providers", permission: "providers.read", label: "Identity providers", description: "External OpenID Connect identity providers." },
  {
    href: "/configuration",
    permission: "configuration.export",
    label: "Configuration",
    description: "Import a Usercube configuration; export or import the whole portal.",
  },
  { href: "/keys", permission: "keys.read", label: "Signing keys", description: "The keys that sign access tokens, and their rotation." },
  { href: "/admins", permission: "admins.write", label: "Admins", description: "Invite colleagues; roles, scopes of responsibility and access." },
  {
    href: "/webhooks",
    permission: "webhooks.write",
    label: "Webhooks",
    description: "Send the audit log and secret expiry warnings to other systems, signed.",
  },
  {
    href: "/settings/mail",
    permission: "settings.write",
    label: "Mail",
    description: "The SMTP server that sends invitations, password resets and expiry warnings.",
  },
  {
    href: "/deliveries",
    permission: "deliveries.write",
    label: "Deliveries",
    description: "Mail and webhooks waiting to be sent or given up: why, and retry now.",
  },
  { href: "/audit", permission: "audit.read", label: "Audit log", description: "Who changed what, and when." },
  {
    href: "/settings/audit",
    permission: "settings.write",
    label: "Audit retention",
    description: "How long the audit log keeps its events, and purging older ones.",
  },
  { href: "/docs/api", permission: null, label: "API docs", description: "The admin REST API: endpoints, schemas, who may call what." },
] as const satisfies readonly { href: string; permission: Permission | null; label: string; description: string }[];

/** The sections `principal` may open (the pages check it again on the server). */
export function navItemsFor(principal: Principal) {
  return NAV_ITEMS.filter((item) => item.permission === null || can(principal, item.permission));
}
