// The sections of the portal, in sidebar order (shared by the sidebar and the dashboard).
export const NAV_ITEMS = [
  { href: "/", label: "Dashboard" },
  { href: "/clients", label: "Clients" },
  { href: "/scopes", label: "Scopes" },
  { href: "/profiles", label: "Profiles" },
  { href: "/providers", label: "Identity providers" },
  { href: "/audit", label: "Audit log" },
] as const;
