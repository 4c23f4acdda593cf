// Who may do what: the one permission table of the portal, for people (admins) and for API clients.
// Every server action (adminAction) and every REST API operation (apiOperation) declares the
// permission it needs; the wrapper refuses before the body runs. Pages and components ask `can` to
// hide or disable what a role cannot do — the server check is the real one.

export const ROLES = ["Owner", "Editor", "Auditor"] as const;
export type Role = (typeof ROLES)[number];

/** A stored role; an unknown value grants the least (Auditor), never more. */
export function roleOf(value: string): Role {
  return (ROLES as readonly string[]).includes(value) ? (value as Role) : "Auditor";
}

export const PERMISSIONS = [
  "clients.read",
  "clients.write",
  "scopes.read",
  "scopes.write",
  "profiles.read",
  "profiles.write",
  "providers.read",
  "providers.write",
  "keys.read",
  "keys.write",
  "admins.read",
  "admins.write",
  "audit.read",
  /** The people who sign in to the clients (/end-users); a context-bound admin sees their clients' grants only. */
  "endUsers.read",
  /** Revokes a person's grants to one client (within reach). */
  "endUsers.write",
  /** Ends every session of a person and revokes all they hold, at every client: unrestricted admins only. */
  "endUsers.signOut",
  /** Whole-portal export (JSON / Usercube XML) and import: Owners only (it spans every area). */
  "configuration.export",
  "configuration.import",
  /** Webhooks (/webhooks): receivers of every audit event and expiry warning, so Owners only. */
  "webhooks.write",
  /** Mail and webhooks waiting or given up (/deliveries): recipients of every area, and "Retry now". Owners only. */
  "deliveries.write",
  /** The portal's own settings (/settings/mail: the SMTP server and its password): Owners only. */
  "settings.write",
  /** One's own account page: name and password. */
  "account.write",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Scope of responsibility: everything, or the clients of one profile context (always with that
 * profile). The same shape for admins and API clients (lib/auth/reach.ts applies it to queries).
 */
export type Reach = { kind: "all" } | { kind: "context"; profileId: string; profileContextId: number };

/** Who is asking: a role (null: an API client whose profile grants nothing) and a reach. */
export type Principal = { role: Role | null; reach: Reach; /** for messages: "profile X" of an API client */ profile?: string };

const READS: Permission[] = ["clients.read", "scopes.read", "profiles.read", "providers.read", "keys.read", "admins.read", "audit.read", "endUsers.read"];

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  Owner: new Set(PERMISSIONS),
  Editor: new Set<Permission>([...READS, "clients.write", "scopes.write", "profiles.write", "endUsers.write", "endUsers.signOut", "account.write"]),
  Auditor: new Set<Permission>([...READS, "account.write"]),
};

/** What a context-bound principal may still do (its role decides within this). */
const WITHIN_CONTEXT: ReadonlySet<Permission> = new Set(["clients.read", "clients.write", "endUsers.read", "endUsers.write", "account.write"]);

const ROLE_SUMMARY: Record<Role, string> = {
  Owner: "Owners may do everything",
  Editor: "Editors manage clients, scopes, profiles, secrets and end users' sign-ins and read the rest",
  Auditor: "Auditors read everything and change nothing",
};

/** Whether `principal` may do what `permission` names. */
export function can(principal: Principal | null | undefined, permission: Permission): boolean {
  if (!principal?.role) return false;
  if (!GRANTS[principal.role].has(permission)) return false;
  return principal.reach.kind === "all" || WITHIN_CONTEXT.has(permission);
}

/** An area as a message names it, where its permission's spelling is not a word. */
const AREA_WORDS: Record<string, string> = { endUsers: "end users" };

/** The message of a refusal: what is refused and why, in words an admin understands. */
export function refusalMessage(principal: Principal, permission: Permission): string {
  const [area, verb] = permission.split(".") as [string, string];
  const words = AREA_WORDS[area] ?? area;
  const what =
    verb === "read" ? `see ${words}` : area === "account" ? "change this account" : verb === "signOut" ? `sign ${words} out everywhere` : `change ${words}`;
  if (!principal.role) return `The profile "${principal.profile ?? "?"}" grants no access here.`;
  if (principal.reach.kind === "context" && GRANTS[principal.role].has(permission)) {
    return `You may not ${what}: your account is bound to profile context ${principal.reach.profileContextId} and manages only that context's clients.`;
  }
  return `You may not ${what}: your role is ${principal.role} (${ROLE_SUMMARY[principal.role]}). Ask an Owner.`;
}
