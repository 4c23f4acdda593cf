// The escalation test: nobody grants more than they hold (ADR 008, lib/auth/power.ts). Every server
// action and protected route of the code (lib/testing/exposed.ts, the matrix's list) is either a path
// that can create or widen a credential — with attempts at the most powerful ones it can make — or
// says why it cannot. Each attempt runs as Owner, Editor, Auditor and context-bound Editor; before and
// after, every credential in the database is read with the power it carries (an admin's role, a
// usable API client's admin API role, an identity provider's sign-in power), and anything new or
// changed must be within the caller's own power.
//
// Two layers: "wrapper" calls as the permission table sees the caller; "service" makes the wrapper
// believe the caller is an Owner while the database says otherwise — what a future permission that
// let a role through would do — so the service's own check (read in its transaction) must hold alone.
// Removing any one assertGrantWithin call makes the service layer fail.
import type { Prisma } from "@/lib/generated/prisma/client";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { runService } from "@/lib/actions/context";
import type { Caller } from "@/lib/api/auth";
import { ROLES, type Principal, type Role } from "@/lib/auth/permissions";
import { adminPower, clientPower, describePower, NO_POWER, powerWithin, PROVIDER_POWER } from "@/lib/auth/power";
import { ALL } from "@/lib/auth/reach";
import type { CurrentAdmin } from "@/lib/auth/session";
import { clientFormValues } from "@/lib/clients/form-values";
import { getClient } from "@/lib/clients/queries";
import { isClientActive } from "@/lib/clients/status";
import { createProviderRecord } from "@/lib/providers/service";
import { createProviderSchema, NEW_PROVIDER_VALUES, rowToSettings, settingsToFormValues } from "@/lib/providers/schema";
import { hashSecret } from "@/lib/secrets/secret";
import { createOAuthClient } from "@/lib/testing/oauth";
import { createTestAdmin, prisma, signInAs } from "@/lib/testing/db";
import { exposedEntries, type Entry } from "@/lib/testing/exposed";
import { clientFormInput } from "@/lib/testing/fixtures";

vi.mock("@/lib/auth/session", () => ({ currentAdmin: vi.fn() }));
vi.mock("@/lib/auth/auth", () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));
vi.mock("next-auth", () => ({ AuthError: class extends Error {}, CredentialsSignin: class extends Error {}, default: vi.fn() }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "portal.test" }) }));
vi.mock("@/lib/api/auth", async (importOriginal) => ({ ...(await importOriginal<object>()), authenticate: vi.fn() }));

process.env.PORTAL_ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString("base64");

type Column = "Owner" | "Editor" | "Auditor" | "ContextEditor";
const COLUMNS: Column[] = ["Owner", "Editor", "Auditor", "ContextEditor"];
const CONTEXT = -88;

let profileId: string;
let profileIdentifier: string;
const admins = {} as Record<Column, CurrentAdmin>;
const apiClients = {} as Record<Column, { id: string; clientId: string; power: Principal }>;
let n = 0;

// ── What the database holds: every credential and its power ──────────────────────────────────────

type Held = { power: Principal; fingerprint: string };

async function credentials(): Promise<Map<string, Held>> {
  const now = new Date();
  const held = new Map<string, Held>();
  const admins = await prisma.adminUser.findMany({
    select: {
      email: true,
      role: true,
      profileId: true,
      profileContextId: true,
      disabledAt: true,
      tokens: { where: { usedAt: null, revokedAt: null }, select: { id: true } },
    },
  });
  for (const a of admins) {
    const power = a.disabledAt ? NO_POWER : adminPower(a);
    held.set(`admin ${a.email}`, { power, fingerprint: JSON.stringify([power, a.tokens.map((t) => t.id).sort()]) });
  }
  const clients = await prisma.client.findMany({
    select: {
      clientId: true,
      adminApiRole: true,
      profileId: true,
      profileContextId: true,
      enabled: true,
      expiresAt: true,
      secrets: { where: { revokedAt: null }, select: { id: true, expiresAt: true } },
    },
  });
  for (const c of clients) {
    // A client is a credential while it is active and holds a usable secret.
    const usable = isClientActive(c, now) && c.secrets.some((s) => !s.expiresAt || s.expiresAt > now);
    const power = usable ? clientPower(c) : NO_POWER;
    held.set(`client ${c.clientId}`, { power, fingerprint: JSON.stringify([power, c.secrets.map((s) => s.id).sort()]) });
  }
  for (const p of await prisma.identityProvider.findMany({ select: { providerName: true, isEnabled: true, version: true, updatedAt: true } })) {
    const power = p.isEnabled ? PROVIDER_POWER : NO_POWER;
    held.set(`provider ${p.providerName}`, { power, fingerprint: JSON.stringify([power, p.version, p.updatedAt]) });
  }
  return held;
}

// ── Fixtures an attempt aims at ───────────────────────────────────────────────────────────────────

/** Each admin API power a client can be given: every role, everywhere and within the test's context. */
const CLIENT_POWERS = ROLES.flatMap((role) => [
  { role, context: null as number | null },
  { role, context: CONTEXT as number | null },
]);

function makeClient({ role = null, context = null, enabled = true }: { role?: Role | null; context?: number | null; enabled?: boolean }) {
  return createOAuthClient({ clientId: `target-${++n}`, profileId, profileContextId: context, adminApiRole: role, enabled, secrets: [{ value: `s-${n}` }] });
}

async function makeAdmin(role: Role, { disabled = false, context = null }: { disabled?: boolean; context?: number | null } = {}) {
  return prisma.adminUser.create({
    data: {
      email: `target-${++n}@example.test`,
      name: `Target ${n}`,
      role,
      passwordHash: "not-used",
      ...(context !== null ? { profileId, profileContextId: context } : {}),
      disabledAt: disabled ? new Date() : null,
    },
  });
}

/** The client form's edit values of a stored client: what the client page gives the form. */
async function clientEditValues(id: string) {
  const { clientId: _immutable, ...values } = clientFormValues((await getClient(id, ALL))!);
  return values;
}

/** A portal JSON document with one client of the given power, holding a secret. */
function portalDocument(role: Role, context: number | null) {
  const clientId = `imported-${++n}`;
  return JSON.stringify({
    format: "oidc-admin-portal",
    version: 1,
    clients: [
      {
        client_id: clientId,
        display_name: clientId,
        flow: "ClientCredentials",
        token_endpoint_auth_method: "client_secret_basic",
        profile: profileIdentifier,
        profile_context_id: context,
        admin_api_role: role,
        secrets: [{ hash: hashSecret(`imported-${n}-secret`), hint: "abcd", description: "", expires_at: null, revoked_at: null, revoked_by: null }],
      },
    ],
  });
}

function providerEntry() {
  return {
    provider_name: `idp-${++n}`,
    authentication_mode: "Passive",
    client_id: `portal-${n}`,
    authority: `https://idp${n}.example`,
    authentication_method: "redirect_get",
    response_mode: "query",
    response_type: "code",
    is_enabled: true,
    scope: ["openid", "email"],
    messages: { signIn: "", signInTitle: "", signInDescription: "" },
  };
}

async function makeProvider() {
  const owner = admins.Owner;
  const values = createProviderSchema.parse({
    ...NEW_PROVIDER_VALUES,
    providerName: `idp-${++n}`,
    clientId: `portal-${n}`,
    authority: `https://idp${n}.example`,
  });
  const { id } = await runService({ type: "admin", id: owner.id, label: owner.email }, ALL, (ctx) => createProviderRecord(ctx, values));
  return prisma.identityProvider.findUniqueOrThrow({ where: { id } });
}

/** The author of the change requests an approval attempt decides: an Owner, who may hold any client's secret. */
let author: { id: string } | undefined;
async function requestAuthor() {
  return (author ??= await prisma.adminUser.create({
    data: { email: "escalation-author@example.test", name: "Author", role: "Owner" },
    select: { id: true },
  }));
}

/** A route call: its params and JSON body (or raw text with a content type). */
type RouteCall = { params?: Record<string, string>; body?: unknown; text?: string; contentType?: string };

/**
 * Every path that can create or widen a credential, with the attempts that aim highest; every other
 * action and route says why it cannot. An action's attempt is its input; a route's, its params and body.
 */
const PATHS: Record<string, { attempts: () => (() => Promise<unknown>)[] } | { none: string }> = {
  "lib/clients/actions.ts#createClient": {
    attempts: () =>
      CLIENT_POWERS.map(
        ({ role, context }) =>
          async () =>
            clientFormInput(profileId, { adminApiRole: role, profileContextId: context === null ? "" : String(context) }),
      ),
  },
  "lib/clients/actions.ts#updateClient": {
    attempts: () =>
      CLIENT_POWERS.map(({ role, context }) => async () => {
        const client = await makeClient({ context: CONTEXT });
        return { ...(await clientEditValues(client.id)), adminApiRole: role, profileContextId: context === null ? "" : String(context) };
      }),
  },
  "lib/clients/actions.ts#setClientEnabled": {
    attempts: () => CLIENT_POWERS.map(({ role, context }) => async () => ({ id: (await makeClient({ role, context, enabled: false })).id, enabled: true })),
  },
  "lib/clients/actions.ts#createClientSecret": {
    attempts: () =>
      CLIENT_POWERS.map(({ role, context }) => async () => ({ id: (await makeClient({ role, context })).id, description: "more", expiresAt: "" })),
  },
  "lib/clients/actions.ts#rotateClientSecret": {
    attempts: () =>
      CLIENT_POWERS.map(({ role, context }) => async () => {
        const client = await makeClient({ role, context });
        const secret = await prisma.secret.findFirstOrThrow({ where: { clientInternalId: client.id }, select: { id: true } });
        return { id: client.id, secretId: secret.id, graceDays: 7, description: "" };
      }),
  },
  "lib/clients/actions.ts#addTrialRedirectUri": {
    attempts: () => CLIENT_POWERS.map(({ role, context }) => async () => ({ id: (await makeClient({ role, context })).id })),
  },
  // An approval applies a change another admin proposed: each attempt is an open request for a
  // client of the most powerful kinds, which the approver's own power must still bound.
  "lib/change-requests/actions.ts#approveChangeRequest": {
    attempts: () =>
      CLIENT_POWERS.map(({ role, context }) => async () => {
        const payload = clientFormInput(profileId, { adminApiRole: role, profileContextId: context === null ? "" : String(context) });
        const request = await prisma.changeRequest.create({
          data: {
            kind: "create",
            clientLabel: payload.clientId,
            profileContextId: context,
            payload: payload as Prisma.InputJsonObject,
            diff: {},
            reason: "",
            authorType: "admin",
            authorId: (await requestAuthor()).id,
            authorLabel: "escalation-author@example.test",
          },
        });
        return { id: request.id };
      }),
  },
  "lib/change-requests/actions.ts#rejectChangeRequest": { none: "decides on a request without changing a client" },
  "lib/change-requests/actions.ts#withdrawChangeRequest": { none: "withdraws one's own request without changing a client" },
  "lib/change-requests/actions.ts#revealChangeRequestSecret": {
    none: "hands an approved request's secret to its author, whose power over the client the approval and the reveal both check",
  },
  // A bulk change runs each client's own service: enabling, rotating or moving the most powerful
  // clients must stay bounded by the caller's power exactly as the single actions are.
  "lib/clients/actions.ts#bulkChangeClients": {
    attempts: () =>
      CLIENT_POWERS.flatMap(({ role, context }) => [
        async () => ({
          target: { kind: "selection", ids: [(await makeClient({ role, context, enabled: false })).id] },
          action: { kind: "enable" },
          reason: "",
        }),
        async () => ({ target: { kind: "selection", ids: [(await makeClient({ role, context })).id] }, action: { kind: "rotate", graceDays: 7 }, reason: "" }),
        async () => ({
          target: { kind: "selection", ids: [(await makeClient({ role, context: CONTEXT })).id] },
          action: { kind: "assignContext", profileContextId: context === null ? "" : String(context) },
          reason: "",
        }),
      ]),
  },
  "lib/clients/actions.ts#exportClients": { none: "reads (an export, Owners only; secrets as their hashes, as the configuration export)" },
  "lib/audit/actions.ts#saveAuditRetention": { none: "how long audit events are kept; it grants no power (Owners only: settings.write)" },
  "lib/audit/actions.ts#purgeAuditNow": { none: "deletes old audit events; it grants no power (Owners only: settings.write)" },
  "lib/clients/actions.ts#deleteClient": { none: "removes a credential" },
  "lib/clients/actions.ts#revokeClientSecret": { none: "removes a credential" },
  "lib/config/actions.ts#importConfigurationDocument": {
    attempts: () => [
      ...CLIENT_POWERS.map(({ role, context }) => async () => ({ format: "portal-json", text: portalDocument(role, context), dryRun: false })),
      async () => ({
        format: "portal-json",
        text: JSON.stringify({ format: "oidc-admin-portal", version: 1, identity_providers: [providerEntry()] }),
        dryRun: false,
      }),
    ],
  },
  "lib/providers/actions.ts#createProvider": {
    attempts: () => [async () => ({ ...NEW_PROVIDER_VALUES, providerName: `idp-${++n}`, clientId: `portal-${n}`, authority: `https://idp${n}.example` })],
  },
  "lib/providers/actions.ts#updateProvider": {
    attempts: () => [
      async () => {
        const row = await makeProvider();
        return {
          ...settingsToFormValues(rowToSettings(row)),
          authority: `https://changed${n}.example`,
          id: row.id,
          version: row.version,
          secretAction: "keep",
        };
      },
    ],
  },
  "lib/providers/actions.ts#importProviders": { attempts: () => [async () => ({ json: JSON.stringify({ open_id_connect: [providerEntry()] }) })] },
  "lib/providers/actions.ts#deleteProvider": { none: "removes a way in" },
  "lib/providers/actions.ts#testProviderConnection": { none: "writes nothing" },
  "lib/admins/actions.ts#inviteAdmin": {
    attempts: () =>
      ROLES.flatMap((role) => [
        async () => ({ email: `invited-${++n}@example.test`, name: "Invited", role, profileId: "", profileContextId: "" }),
        ...(role === "Owner"
          ? []
          : [async () => ({ email: `invited-${++n}@example.test`, name: "Invited", role, profileId, profileContextId: String(CONTEXT) })]),
      ]),
  },
  "lib/admins/actions.ts#changeAdminRole": {
    attempts: () =>
      ROLES.map((role) => async () => {
        const target = await makeAdmin("Auditor", { context: CONTEXT });
        return { id: target.id, version: target.version, role, profileId: "", profileContextId: "" };
      }),
  },
  "lib/admins/actions.ts#issueAdminLink": { attempts: () => ROLES.map((role) => async () => ({ id: (await makeAdmin(role)).id })) },
  "lib/admins/actions.ts#setAdminDisabled": {
    attempts: () => ROLES.map((role) => async () => ({ id: (await makeAdmin(role, { disabled: true })).id, disabled: false })),
  },
  "lib/admins/actions.ts#revokeAdminLinks": { none: "removes credentials" },
  "lib/admins/actions.ts#deleteAdmin": { none: "removes a credential" },
  "lib/admins/actions.ts#removeAdminIdentities": {
    none: "removes provider links: the admin's next provider sign-in needs a verified email again, the same power",
  },
  "lib/admins/actions.ts#updateOwnName": { none: "one's own name" },
  "lib/admins/actions.ts#changeOwnPassword": { none: "one's own password: the same power" },
  "lib/admins/actions.ts#signOutForLink": { none: "ends the caller's own session" },
  "lib/admins/actions.ts#redeemAdminLink": { none: "the link holder gets exactly the linked admin's power, checked when the link was issued" },
  "lib/mfa/actions.ts#startTotpEnrolment": { none: "one's own second factor: no power" },
  "lib/mfa/actions.ts#confirmTotpEnrolment": { none: "one's own second factor: no power" },
  "lib/mfa/actions.ts#renameOwnFactor": { none: "one's own second factor: no power" },
  "lib/mfa/actions.ts#removeOwnFactor": { none: "removes one's own second factor" },
  "lib/mfa/actions.ts#regenerateRecoveryCodes": { none: "one's own recovery codes: no power" },
  "lib/mfa/actions.ts#startPasskeyRegistration": { none: "one's own second factor: no power" },
  "lib/mfa/actions.ts#finishPasskeyRegistration": { none: "one's own second factor: no power" },
  "lib/mfa/actions.ts#resetAdminFactors": { none: "removes credentials (Owners only)" },
  "lib/mfa/actions.ts#setMfaRequirement": { none: "who must use a second factor: grants no power" },
  "lib/mfa/actions.ts#verifySecondStep": { none: "completes one's own sign-in" },
  "lib/mfa/actions.ts#confirmSignInEnrolment": { none: "completes one's own sign-in" },
  "lib/mfa/actions.ts#completeSignInEnrolment": { none: "completes one's own sign-in" },
  "lib/mfa/actions.ts#passkeySignInOptions": { none: "completes one's own sign-in" },
  "lib/mfa/actions.ts#verifyPasskeySignIn": { none: "completes one's own sign-in" },
  "lib/auth/actions.ts#authenticate": { none: "signs in with one's own credentials" },
  "lib/auth/actions.ts#signOutAction": { none: "ends a session" },
  "lib/scopes/actions.ts#createScope": { none: "a scope's secret authenticates a resource server at introspection: no admin power" },
  "lib/scopes/actions.ts#updateScope": { none: "scopes carry no admin power" },
  "lib/scopes/actions.ts#deleteScope": { none: "scopes carry no admin power" },
  "lib/scopes/actions.ts#createScopeSecret": { none: "a scope's secret authenticates a resource server at introspection: no admin power" },
  "lib/scopes/actions.ts#revokeScopeSecret": { none: "removes a credential" },
  "lib/scopes/actions.ts#rotateScopeSecret": { none: "a scope's secret authenticates a resource server at introspection: no admin power" },
  "lib/mail/actions.ts#saveMailSettings": { none: "the SMTP server the portal mails through; it grants no admin power (Owners only: settings.write)" },
  "lib/mail/actions.ts#removeMailSettings": { none: "stops the portal's mail; it grants no admin power (Owners only: settings.write)" },
  "lib/mail/actions.ts#sendTestMail": { none: "mails the signed-in Owner; it grants no admin power (Owners only: settings.write)" },
  "lib/webhooks/actions.ts#createWebhook": { none: "a webhook signs what the portal sends out; it grants no admin power (Owners only: webhooks.write)" },
  "lib/webhooks/actions.ts#deleteWebhook": { none: "a webhook signs what the portal sends out; it grants no admin power (Owners only: webhooks.write)" },
  "lib/webhooks/actions.ts#redeliverWebhook": { none: "a webhook signs what the portal sends out; it grants no admin power (Owners only: webhooks.write)" },
  "lib/webhooks/actions.ts#rotateWebhookSecret": { none: "a webhook signs what the portal sends out; it grants no admin power (Owners only: webhooks.write)" },
  "lib/webhooks/actions.ts#sendTestWebhook": { none: "a webhook signs what the portal sends out; it grants no admin power (Owners only: webhooks.write)" },
  "lib/webhooks/actions.ts#setWebhookEnabled": { none: "a webhook signs what the portal sends out; it grants no admin power (Owners only: webhooks.write)" },
  "lib/deliveries/actions.ts#retryDelivery": { none: "sends a message already written again: grants nothing (Owners only: deliveries.write)" },
  "lib/profiles/actions.ts#createProfile": { none: "a profile confers no admin power (the admin API role is the client's own grant)" },
  "lib/profiles/actions.ts#updateProfile": { none: "a profile confers no admin power (the admin API role is the client's own grant)" },
  "lib/profiles/actions.ts#deleteProfile": { none: "a profile confers no admin power" },
  "lib/profiles/actions.ts#createProfileContext": { none: "a new context holds no client or admin yet" },
  "lib/profiles/actions.ts#updateProfileContext": { none: "its id never changes, so no principal moves" },
  "lib/profiles/actions.ts#deleteProfileContext": { none: "refused while anything is bound to it" },
  "lib/oauth/actions.ts#rotateSigningKeysAction": { none: "signing keys are not given to anyone" },
  "lib/end-users/actions.ts#signOutEndUserEverywhere": { none: "ends an end user's sessions and tokens: removes, grants nothing" },
  "lib/end-users/actions.ts#revokeEndUserGrants": { none: "removes an end user's grants to a client" },
  "lib/onboarding/actions.ts#dismissWalkthrough": { none: "a personal setting" },
  "lib/onboarding/actions.ts#confirmSecretStored": { none: "records a walkthrough step" },
  "app/(portal)/clients/[id]/try/route.ts#POST": {
    none: "a one-time credential for the code exchange only; startTrial refuses a client beyond the caller's power (lib/clients/trial.test.ts)",
  },
  "app/try-sign-in/callback/route.ts#GET": { none: "uses up the caller's own trial; grants nothing" },
  "app/(portal)/providers/export/route.ts#GET": { none: "reads" },
  "app/(portal)/providers/export/route.ts#POST": { none: "reads (an export)" },
  "app/(portal)/configuration/export/route.ts#POST": { none: "reads (an export)" },
  "app/(portal)/audit/export/route.ts#GET": { none: "reads" },
  "app/api/v0/oidc/clients/route.ts#GET": { none: "reads" },
  "app/api/v0/oidc/clients/route.ts#POST": {
    attempts: () =>
      CLIENT_POWERS.map(({ role, context }) => async () => ({
        body: { name: `api-${++n}`, client_id: `api-${n}`, profile: profileIdentifier, profile_context_id: context, admin_api_role: role },
      })),
  },
  "app/api/v0/oidc/clients/[id]/route.ts#GET": { none: "reads" },
  "app/api/v0/oidc/clients/[id]/route.ts#PUT": {
    attempts: () =>
      CLIENT_POWERS.map(({ role, context }) => async () => ({
        params: { id: (await makeClient({ context: CONTEXT })).id },
        body: { admin_api_role: role, profile_context_id: context },
      })),
  },
  "app/api/v0/oidc/clients/[id]/route.ts#DELETE": { none: "removes a credential" },
  "app/api/v0/oidc/clients/[id]/secrets/route.ts#POST": {
    attempts: () =>
      CLIENT_POWERS.map(({ role, context }) => async () => ({ params: { id: (await makeClient({ role, context })).id }, body: { description: "more" } })),
  },
  "app/api/v0/oidc/clients/[id]/secrets/[secretId]/route.ts#DELETE": { none: "removes a credential" },
  "app/api/v0/oidc/clients/[id]/secrets/[secretId]/rotate/route.ts#POST": {
    attempts: () =>
      CLIENT_POWERS.map(({ role, context }) => async () => {
        const client = await makeClient({ role, context });
        const secret = await prisma.secret.findFirstOrThrow({ where: { clientInternalId: client.id }, select: { id: true } });
        return { params: { id: client.id, secretId: secret.id }, body: { grace_days: 7 } };
      }),
  },
  "app/api/v0/scopes/route.ts#GET": { none: "reads" },
  "app/api/v0/scopes/route.ts#POST": { none: "scopes carry no admin power" },
  "app/api/v0/scopes/[id]/route.ts#GET": { none: "reads" },
  "app/api/v0/scopes/[id]/route.ts#PUT": { none: "scopes carry no admin power" },
  "app/api/v0/scopes/[id]/route.ts#DELETE": { none: "scopes carry no admin power" },
  "app/api/v0/scopes/[id]/secrets/route.ts#POST": { none: "a scope's secret carries no admin power" },
  "app/api/v0/scopes/[id]/secrets/[secretId]/route.ts#DELETE": { none: "removes a credential" },
  "app/api/v0/scopes/[id]/secrets/[secretId]/rotate/route.ts#POST": { none: "a scope's secret carries no admin power" },
  "app/api/v0/change-requests/route.ts#GET": { none: "reads" },
  "app/api/v0/change-requests/[id]/route.ts#GET": { none: "reads" },
  "app/api/v0/change-requests/[id]/secret/route.ts#POST": {
    none: "hands an approved request's secret to its author, whose power over the client the approval and the reveal both check",
  },
  "app/api/v0/export/route.ts#GET": { none: "reads" },
  "app/api/v0/import/route.ts#POST": {
    attempts: () => [
      ...CLIENT_POWERS.map(({ role, context }) => async () => ({ text: portalDocument(role, context), contentType: "application/json" })),
      async () => ({
        text: JSON.stringify({ format: "oidc-admin-portal", version: 1, identity_providers: [providerEntry()] }),
        contentType: "application/json",
      }),
    ],
  },
};

// ── Calling a path as a column ────────────────────────────────────────────────────────────────────

type Layer = "wrapper" | "service";

async function callAs(entry: Entry, column: Column, layer: Layer, attempt: unknown): Promise<string> {
  const admin = admins[column];
  const api = apiClients[column];
  // The service layer: the wrapper sees an Owner; the database keeps the column's real power.
  await signInAs(layer === "wrapper" ? admin : { ...admin, role: "Owner", reach: ALL });
  const { authenticate } = await import("@/lib/api/auth");
  const principal = layer === "wrapper" ? api.power : { role: "Owner" as const, reach: ALL };
  vi.mocked(authenticate).mockResolvedValue({
    actor: { type: "client", id: api.id, label: api.clientId },
    principal: { ...principal, profile: profileIdentifier },
  } satisfies Caller);

  if (entry.kind === "action") {
    const result = (await (entry.fn as (input: unknown) => Promise<{ ok: boolean; message?: string }>)(attempt)) ?? { ok: true };
    return result.ok ? "ok" : `refused: ${result.message}`;
  }
  const call = attempt as RouteCall;
  const request = new Request("http://localhost:3000/api/v0/x", {
    method: entry.method,
    headers: { "content-type": call.contentType ?? "application/json", authorization: "Bearer mocked" },
    body: call.text ?? JSON.stringify(call.body ?? {}),
  });
  const response = await (entry.fn as (r: Request, c: unknown) => Promise<Response>)(request, { params: Promise.resolve(call.params ?? {}) });
  return `${response.status}`;
}

/** What an attempt granted beyond the caller's power: every new or changed credential that exceeds it. */
function beyond(before: Map<string, Held>, after: Map<string, Held>, holder: Principal): string[] {
  const found: string[] = [];
  for (const [key, held] of after) {
    if (before.get(key)?.fingerprint === held.fingerprint) continue;
    if (!powerWithin(held.power, holder)) found.push(`${key} now holds ${describePower(held.power)}`);
  }
  return found;
}

let entries: Entry[];

beforeAll(async () => {
  ({ entries } = await exposedEntries());
  const profile = await prisma.profile.create({ data: { identifier: "EscalationProfile", displayName: "EscalationProfile" } });
  profileId = profile.id;
  profileIdentifier = profile.identifier;
  await prisma.profileContext.create({ data: { id: CONTEXT, category: "Escalation", d0: "E" } });
  const roles: Record<Column, Role> = { Owner: "Owner", Editor: "Editor", Auditor: "Auditor", ContextEditor: "Editor" };
  for (const column of COLUMNS) {
    const reach = column === "ContextEditor" ? { kind: "context" as const, profileId, profileContextId: CONTEXT } : ALL;
    admins[column] = await createTestAdmin(`escalation-${column.toLowerCase()}@example.test`, { role: roles[column], reach });
    const client = await makeClient({ role: roles[column], context: column === "ContextEditor" ? CONTEXT : null });
    apiClients[column] = { id: client.id, clientId: client.clientId, power: clientPower(client) };
  }
}, 120_000);

describe("nobody grants more than they hold", () => {
  it("every action and route is a path that can grant (with attempts) or says why it cannot", () => {
    const missing = entries.filter((e) => !(e.key in PATHS)).map((e) => e.key);
    expect(
      missing,
      `No row in PATHS (lib/auth/escalation.test.ts) for:\n${missing.map((k) => `  "${k}": { none: "why it cannot create or widen a credential" } or { attempts: … },`).join("\n")}`,
    ).toEqual([]);
    const gone = Object.keys(PATHS).filter((k) => !entries.some((e) => e.key === k));
    expect(gone, `Rows for actions or routes that no longer exist; remove them:\n${gone.join("\n")}`).toEqual([]);
  });

  it("the power order follows the permission table", () => {
    const owner = { role: "Owner" as const, reach: ALL };
    const editor = { role: "Editor" as const, reach: ALL };
    const auditor = { role: "Auditor" as const, reach: ALL };
    const inContext = { role: "Editor" as const, reach: { kind: "context" as const, profileId: "p", profileContextId: -5 } };
    const otherContext = { ...inContext, reach: { ...inContext.reach, profileContextId: -6 } };
    expect(powerWithin(editor, owner) && powerWithin(auditor, editor) && powerWithin(inContext, editor)).toBe(true);
    expect(powerWithin(owner, editor) || powerWithin(editor, auditor) || powerWithin(editor, inContext)).toBe(false);
    // A context-bound Editor and an Auditor are not comparable; other contexts are out of reach.
    expect(powerWithin(auditor, inContext) || powerWithin(inContext, auditor) || powerWithin(otherContext, inContext)).toBe(false);
    expect(powerWithin(NO_POWER, { role: null, reach: ALL }) && powerWithin({ role: "Owner", reach: inContext.reach }, inContext)).toBe(true);
  });

  for (const layer of ["wrapper", "service"] as const) {
    it(`no path grants beyond the caller's power (${layer} layer)`, async () => {
      const violations: string[] = [];
      const ownerRefused: string[] = [];
      for (const entry of entries) {
        const path = PATHS[entry.key];
        if (!path || "none" in path) continue;
        for (const column of COLUMNS) {
          const holder = { role: admins[column].role, reach: admins[column].reach };
          for (const make of path.attempts()) {
            const input = await make();
            const before = await credentials();
            const outcome = await callAs(entry, column, layer, input);
            const after = await credentials();
            const found = beyond(before, after, holder);
            if (found.length) violations.push(`${entry.key} as ${column} (${layer}, answered ${outcome.slice(0, 80)}): ${found.join("; ")}`);
            if (column === "Owner" && !/^(ok|2\d\d)$/.test(outcome)) ownerRefused.push(`${entry.key}: ${outcome}`);
          }
        }
      }
      expect(violations, violations.join("\n")).toEqual([]);
      // The attempts are real grants: an Owner holds every power, so each of them succeeds.
      expect(ownerRefused, ownerRefused.join("\n")).toEqual([]);
    }, 600_000);
  }
});
