// The sections of the portal, in sidebar order (shared by the sidebar and the dashboard).
export const NAV_ITEMS = [
  { href: "/", label: "Dashboard", description: "" },
  { href: "/clients", label: "Clients", description: "OpenID Connect clients, their redirect URIs and secrets." },
  { href: "/scopes", label: "Scopes", description: "Scopes clients may request, and scope secrets for introspection." },
  { href: "/profiles", label: "Profiles", description: "Profiles and profile contexts that bound what a client may do." },
  { href: "/providers", label: "Identity providers", description: "External OpenID Connect identity providers." },
  { href: "/configuration", label: "Configuration", description: "Import a Usercube configuration; export or import the whole portal." },
  { href: "/keys", label: "Signing keys", description: "The keys that sign access tokens, and their rotation." },
  { href: "/audit", label: "Audit log", description: "Who changed what, and when." },
  { href: "/docs/api", label: "API docs", description: "The admin REST API: endpoints, schemas, who may call what." },
] as const;
