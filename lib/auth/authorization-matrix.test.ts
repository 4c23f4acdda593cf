// The authorization matrix: every server action, every REST API operation and every portal route,
// found in the code (not a hand list), × Owner, Editor, Auditor, context-bound Editor and signed out.
// Each is called for real through its wrapper; "allowed" means the permission step let it through
// (it may still refuse its empty input), "refused" means the wrapper's 403 (or 401 signed out).
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Caller } from "@/lib/api/auth";
import type { Role } from "@/lib/auth/permissions";
import type { CurrentAdmin } from "@/lib/auth/session";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { exposedEntries, type Entry } from "@/lib/testing/exposed";

vi.mock("@/lib/auth/session", () => ({ currentAdmin: vi.fn() }));
// Auth.js itself does not load outside Next.js; the sign-in actions are listed, not called.
vi.mock("@/lib/auth/auth", () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));
vi.mock("next-auth", () => ({ AuthError: class extends Error {}, CredentialsSignin: class extends Error {}, default: vi.fn() }));
vi.mock("@/lib/api/auth", async (importOriginal) => ({ ...(await importOriginal<object>()), authenticate: vi.fn() }));
// A request without cookies (the passkey and second-step actions read them).
vi.mock("next/headers", async () => ({
  headers: async () => new Headers({ host: "portal.test" }),
  cookies: async () => (await import("@/lib/testing/next")).cookieJar().store,
}));

type Column = "Owner" | "Editor" | "Auditor" | "ContextEditor";
const COLUMNS: Column[] = ["Owner", "Editor", "Auditor", "ContextEditor"];
const ALL: Column[] = COLUMNS;
const OWNER: Column[] = ["Owner"];
const EDITORS: Column[] = ["Owner", "Editor"];
const CLIENT_WRITERS: Column[] = ["Owner", "Editor", "ContextEditor"];
const READERS: Column[] = ["Owner", "Editor", "Auditor"];
const PUBLIC = "public" as const;

/**
 * Who may call what. Key: "<file>#<export>" for a server action, "<file>#<HTTP method>" for a route.
 * Signed out is refused everywhere except PUBLIC rows.
 */
const MATRIX: Record<string, Column[] | typeof PUBLIC> = {
  "lib/auth/actions.ts#authenticate": PUBLIC,
  "lib/auth/actions.ts#signOutAction": PUBLIC,

  "lib/admins/actions.ts#inviteAdmin": OWNER,
  "lib/admins/actions.ts#issueAdminLink": OWNER,
  "lib/admins/actions.ts#revokeAdminLinks": OWNER,
  "lib/admins/actions.ts#setAdminDisabled": OWNER,
  "lib/admins/actions.ts#changeAdminRole": OWNER,
  "lib/admins/actions.ts#deleteAdmin": OWNER,
  "lib/admins/actions.ts#removeAdminIdentities": OWNER,
  "lib/admins/actions.ts#updateOwnName": ALL,
  "lib/admins/actions.ts#changeOwnPassword": ALL,
  // The invitation / password-reset link is the credential (lib/admins/service.ts checks it).
  "lib/admins/actions.ts#redeemAdminLink": PUBLIC,
  // Ends the caller's own session before a link is used by someone else (app/invitation).
  "lib/admins/actions.ts#signOutForLink": PUBLIC,

  // Webhooks receive every audit event: Owners only (lib/webhooks/actions.ts).
  "lib/webhooks/actions.ts#createWebhook": OWNER,
  "lib/webhooks/actions.ts#setWebhookEnabled": OWNER,
  "lib/webhooks/actions.ts#deleteWebhook": OWNER,
  "lib/webhooks/actions.ts#rotateWebhookSecret": OWNER,
  "lib/webhooks/actions.ts#sendTestWebhook": OWNER,
  "lib/webhooks/actions.ts#redeliverWebhook": OWNER,
  // Mail recipients of every area and every webhook: Owners only (lib/deliveries/actions.ts).
  "lib/deliveries/actions.ts#retryDelivery": OWNER,

  // The SMTP server and its password: Owners only (lib/mail/actions.ts).
  "lib/mail/actions.ts#saveMailSettings": OWNER,
  "lib/mail/actions.ts#sendTestMail": OWNER,
  "lib/mail/actions.ts#removeMailSettings": OWNER,
  // How long the audit log is kept, and purging it now: Owners only (lib/audit/actions.ts).
  "lib/audit/actions.ts#saveAuditRetention": OWNER,
  "lib/audit/actions.ts#purgeAuditNow": OWNER,

  // Second factors: one's own on /account, another admin's reset and the requirement for Owners.
  "lib/mfa/actions.ts#startTotpEnrolment": ALL,
  "lib/mfa/actions.ts#confirmTotpEnrolment": ALL,
  "lib/mfa/actions.ts#renameOwnFactor": ALL,
  "lib/mfa/actions.ts#removeOwnFactor": ALL,
  "lib/mfa/actions.ts#regenerateRecoveryCodes": ALL,
  "lib/mfa/actions.ts#startPasskeyRegistration": ALL,
  "lib/mfa/actions.ts#finishPasskeyRegistration": ALL,
  "lib/mfa/actions.ts#resetAdminFactors": OWNER,
  "lib/mfa/actions.ts#setMfaRequirement": OWNER,
  // The second step of a sign-in: its sealed challenge cookie is the credential (lib/mfa/pending.ts).
  "lib/mfa/actions.ts#verifySecondStep": PUBLIC,
  "lib/mfa/actions.ts#confirmSignInEnrolment": PUBLIC,
  "lib/mfa/actions.ts#completeSignInEnrolment": PUBLIC,
  "lib/mfa/actions.ts#passkeySignInOptions": PUBLIC,
  "lib/mfa/actions.ts#verifyPasskeySignIn": PUBLIC,

  "lib/clients/actions.ts#createClient": CLIENT_WRITERS,
  "lib/clients/actions.ts#updateClient": CLIENT_WRITERS,
  "lib/clients/actions.ts#setClientEnabled": CLIENT_WRITERS,
  "lib/clients/actions.ts#deleteClient": CLIENT_WRITERS,
  "lib/clients/actions.ts#createClientSecret": CLIENT_WRITERS,
  "lib/clients/actions.ts#addTrialRedirectUri": CLIENT_WRITERS,
  "app/(portal)/clients/[id]/try/route.ts#POST": CLIENT_WRITERS,
  "app/try-sign-in/callback/route.ts#GET": CLIENT_WRITERS,
  "lib/clients/actions.ts#revokeClientSecret": CLIENT_WRITERS,
  "lib/clients/actions.ts#rotateClientSecret": CLIENT_WRITERS,
  // Bulk actions (docs/decisions/031): each client through its own service; the export as the configuration export.
  "lib/clients/actions.ts#bulkChangeClients": CLIENT_WRITERS,
  "lib/clients/actions.ts#exportClients": OWNER,
  "lib/change-requests/actions.ts#approveChangeRequest": CLIENT_WRITERS,
  "lib/change-requests/actions.ts#rejectChangeRequest": CLIENT_WRITERS,
  "lib/change-requests/actions.ts#withdrawChangeRequest": CLIENT_WRITERS,
  "lib/change-requests/actions.ts#revealChangeRequestSecret": CLIENT_WRITERS,

  "lib/scopes/actions.ts#createScope": EDITORS,
  "lib/scopes/actions.ts#updateScope": EDITORS,
  "lib/scopes/actions.ts#deleteScope": EDITORS,
  "lib/scopes/actions.ts#createScopeSecret": EDITORS,
  "lib/scopes/actions.ts#revokeScopeSecret": EDITORS,
  "lib/scopes/actions.ts#rotateScopeSecret": EDITORS,

  "lib/profiles/actions.ts#createProfile": EDITORS,
  "lib/profiles/actions.ts#updateProfile": EDITORS,
  "lib/profiles/actions.ts#deleteProfile": EDITORS,
  "lib/profiles/actions.ts#createProfileContext": EDITORS,
  "lib/profiles/actions.ts#updateProfileContext": EDITORS,
  "lib/profiles/actions.ts#deleteProfileContext": EDITORS,

  "lib/providers/actions.ts#createProvider": OWNER,
  "lib/providers/actions.ts#updateProvider": OWNER,
  "lib/providers/actions.ts#deleteProvider": OWNER,
  "lib/providers/actions.ts#importProviders": OWNER,
  "lib/providers/actions.ts#testProviderConnection": OWNER,

  "lib/oauth/actions.ts#rotateSigningKeysAction": OWNER,
  // End users' sign-ins: a context-bound Editor revokes its clients' grants, but sessions span every client.
  "lib/end-users/actions.ts#revokeEndUserGrants": CLIENT_WRITERS,
  "lib/end-users/actions.ts#signOutEndUserEverywhere": EDITORS,
  "lib/config/actions.ts#importConfigurationDocument": OWNER,
  // The walkthrough's personal progress: dismissing is one's own setting; "I have stored it" comes
  // from a client's secret dialog, so only who may write clients.
  "lib/onboarding/actions.ts#dismissWalkthrough": ALL,
  "lib/onboarding/actions.ts#confirmSecretStored": CLIENT_WRITERS,

  "app/(portal)/providers/export/route.ts#GET": READERS,
  "app/(portal)/providers/export/route.ts#POST": OWNER,
  "app/(portal)/configuration/export/route.ts#POST": OWNER,
  "app/(portal)/audit/export/route.ts#GET": READERS,

  "app/api/v0/oidc/clients/route.ts#GET": ["Owner", "Editor", "Auditor", "ContextEditor"],
  "app/api/v0/oidc/clients/route.ts#POST": CLIENT_WRITERS,
  "app/api/v0/oidc/clients/[id]/route.ts#GET": ["Owner", "Editor", "Auditor", "ContextEditor"],
  "app/api/v0/oidc/clients/[id]/route.ts#PUT": CLIENT_WRITERS,
  "app/api/v0/oidc/clients/[id]/route.ts#DELETE": CLIENT_WRITERS,
  "app/api/v0/oidc/clients/[id]/secrets/route.ts#POST": CLIENT_WRITERS,
  "app/api/v0/oidc/clients/[id]/secrets/[secretId]/route.ts#DELETE": CLIENT_WRITERS,
  "app/api/v0/oidc/clients/[id]/secrets/[secretId]/rotate/route.ts#POST": CLIENT_WRITERS,
  "app/api/v0/scopes/route.ts#GET": READERS,
  "app/api/v0/scopes/route.ts#POST": EDITORS,
  "app/api/v0/scopes/[id]/route.ts#GET": READERS,
  "app/api/v0/scopes/[id]/route.ts#PUT": EDITORS,
  "app/api/v0/scopes/[id]/route.ts#DELETE": EDITORS,
  "app/api/v0/scopes/[id]/secrets/route.ts#POST": EDITORS,
  "app/api/v0/scopes/[id]/secrets/[secretId]/route.ts#DELETE": EDITORS,
  "app/api/v0/scopes/[id]/secrets/[secretId]/rotate/route.ts#POST": EDITORS,
  "app/api/v0/change-requests/route.ts#GET": ["Owner", "Editor", "Auditor", "ContextEditor"],
  "app/api/v0/change-requests/[id]/route.ts#GET": ["Owner", "Editor", "Auditor", "ContextEditor"],
  "app/api/v0/change-requests/[id]/secret/route.ts#POST": CLIENT_WRITERS,
  "app/api/v0/export/route.ts#GET": OWNER,
  "app/api/v0/import/route.ts#POST": OWNER,
};

let entries: Entry[];
let unwrapped: string[];
const admins = {} as Record<Column, CurrentAdmin>;

beforeAll(async () => {
  ({ entries, unwrapped } = await exposedEntries());
  const profile = await prisma.profile.create({ data: { identifier: "MatrixProfile", displayName: "MatrixProfile" } });
  await prisma.profileContext.create({ data: { id: -77, category: "Matrix", d0: "M" } });
  const roles: Record<Column, Role> = { Owner: "Owner", Editor: "Editor", Auditor: "Auditor", ContextEditor: "Editor" };
  for (const column of COLUMNS) {
    admins[column] = await createTestAdmin(`matrix-${column.toLowerCase()}@example.test`, {
      role: roles[column],
      ...(column === "ContextEditor" ? { reach: { kind: "context", profileId: profile.id, profileContextId: -77 } } : {}),
    });
  }
}, 120_000);

/** Calls an action or route as `column` (null: signed out); "allowed", "refused" or "signed-out". */
async function outcome(entry: Entry, column: Column | null): Promise<"allowed" | "refused" | "signed-out"> {
  await signInAs(column ? admins[column] : null);
  const api = await import("@/lib/api/auth");
  vi.mocked(api.authenticate).mockImplementation(async () => {
    if (!column) {
      const { ApiError } = await import("@/lib/api/errors");
      throw new ApiError(401, "unauthorized", "Send an access token.");
    }
    const admin = admins[column];
    return {
      actor: { type: "client", id: admin.id, label: admin.email },
      principal: { role: admin.role, reach: admin.reach, profile: "MatrixProfile" },
    } satisfies Caller;
  });
  if (entry.kind === "action") {
    const result = (await (entry.fn as (input: unknown) => Promise<{ ok: boolean; code?: string }>)({})) ?? { ok: true };
    if (result.code === "unauthenticated") return "signed-out";
    return result.code === "forbidden" ? "refused" : "allowed";
  }
  const request = new Request("http://localhost:3000/x", {
    method: entry.method,
    headers: { "content-type": "application/json" },
    body: entry.method === "GET" || entry.method === "DELETE" ? undefined : "{}",
  });
  const response = await (entry.fn as (r: Request, c: unknown) => Promise<Response>)(request, {
    params: Promise.resolve({ id: "no-such-id", secretId: "no-such-secret" }),
  });
  if (response.status === 401) return "signed-out";
  return response.status === 403 ? "refused" : "allowed";
}

describe("authorization matrix", () => {
  it("finds the actions and routes of the code", () => {
    expect(entries.filter((e) => e.kind === "action").length).toBeGreaterThan(20);
    expect(entries.filter((e) => e.kind === "route").length).toBeGreaterThan(10);
  });

  it("every action and route is built by a wrapper that declares its permission", () => {
    expect(unwrapped, `Not built by a wrapper:\n${unwrapped.join("\n")}`).toEqual([]);
  });

  it("every action and route has a row, and every row still exists", () => {
    const missing = entries.filter((e) => !(e.key in MATRIX)).map((e) => e.key);
    expect(
      missing,
      `No row in MATRIX (lib/auth/authorization-matrix.test.ts) for:\n${missing
        .map((k) => `  "${k}": [...columns that may call it: "Owner", "Editor", "Auditor", "ContextEditor"],`)
        .join("\n")}\nAdd one line per entry; the test then calls it as each role and checks the wrapper agrees.`,
    ).toEqual([]);
    const gone = Object.keys(MATRIX).filter((k) => !entries.some((e) => e.key === k));
    expect(gone, `Rows for actions or routes that no longer exist; remove them:\n${gone.join("\n")}`).toEqual([]);
  });

  it("the public rows are exactly the actions built by publicAction, each naming what stands in for a permission", async () => {
    const { declaredOf } = await import("@/lib/actions/registry");
    const declaredPublic = entries.filter((e) => declaredOf(e.fn)?.permission === "public").map((e) => e.key);
    const rowsPublic = Object.keys(MATRIX).filter((k) => MATRIX[k] === PUBLIC);
    expect(declaredPublic.sort(), "a public row needs publicAction(credential, body) in the code, and a publicAction needs a PUBLIC row").toEqual(
      rowsPublic.sort(),
    );
    const unexplained = declaredPublic.filter((key) => !declaredOf(entries.find((e) => e.key === key)!.fn)?.credential);
    expect(unexplained, "build public actions with publicAction(credential, body) (lib/actions/public-action.ts)").toEqual([]);
  });

  it("each role gets exactly what its row says, and signed out gets nothing", async () => {
    const wrong: string[] = [];
    for (const entry of entries) {
      const row = MATRIX[entry.key];
      if (!row || row === PUBLIC) continue;
      for (const column of COLUMNS) {
        const expected = row.includes(column) ? "allowed" : "refused";
        const got = await outcome(entry, column);
        if (got !== expected) wrong.push(`${entry.key} as ${column}: expected ${expected}, got ${got}`);
      }
      const signedOut = await outcome(entry, null);
      if (signedOut !== "signed-out") wrong.push(`${entry.key} signed out: expected signed-out, got ${signedOut}`);
    }
    expect(wrong, wrong.join("\n")).toEqual([]);
  }, 300_000);

  it("an unknown role stored in the database grants the least (Auditor), never more", async () => {
    const { roleOf } = await import("@/lib/auth/permissions");
    expect(roleOf("Owner")).toBe("Owner");
    expect(roleOf("owner")).toBe("Auditor");
    expect(roleOf("")).toBe("Auditor");
  });
});
