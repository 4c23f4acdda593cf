import "server-only";
import { gateChange } from "@/lib/change-requests/gate";
import { randomBytes } from "node:crypto";
import * as oidc from "openid-client";
import type { ServiceContext } from "@/lib/actions/context";
import { ConflictError, NotFoundError } from "@/lib/actions/result";
import { assertGrantWithin, clientPower } from "@/lib/auth/power";
import { clientsWithin } from "@/lib/auth/reach";
import { decryptString, encrypt } from "@/lib/crypto/encryption";
import { prisma } from "@/lib/db/prisma";
import { issuer } from "@/lib/oauth/config";
import { discoveryDocument } from "@/lib/oauth/discovery";
import { generateSecret, hashSecret } from "@/lib/secrets/secret";
import { writeClientLookups } from "./lookups";
import { clientStatus } from "./status";

// "Try sign-in" on a client's page: the portal acts as a test relying party of its own client, so an
// admin sees a real sign-in through the configured providers end to end — the end-user pages, the
// consent, and the ID token the client would get, decoded. The portal holds none of the client's
// secrets (only hashes), so it authenticates with a one-time credential of its own
// (./trial-credential.ts; docs/decisions/020). Its redirect URI is the portal's own, which the admin
// adds to the client with one click; nothing is added or removed silently.

export const TRIAL_CALLBACK_PATH = "/try-sign-in/callback";
export const TRIAL_COOKIE = "portal.try-sign-in";
const TRIAL_TTL_MS = 10 * 60_000;
const AAD = "client-trial";

/** The redirect URI a client needs for "Try sign-in". */
export function trialRedirectUri(iss: string = issuer()): string {
  return `${iss}${TRIAL_CALLBACK_PATH}`;
}

type Triable = { flow: string; enabled: boolean; expiresAt: Date | null; redirectUris: unknown };

/** Why "Try sign-in" cannot run for this client now, in words; null when it can. */
export function trialBlocker(client: Triable, iss: string = issuer(), now = new Date()): string | null {
  if (client.flow !== "AuthorizationCode" && client.flow !== "Hybrid") return "Only AuthorizationCode and Hybrid clients sign people in.";
  const status = clientStatus(client, now);
  if (status !== "active") return `The client is ${status}: it signs nobody in.`;
  const uris = Array.isArray(client.redirectUris) ? client.redirectUris : [];
  if (!uris.includes(trialRedirectUri(iss))) return `Add the portal's test redirect URI ${trialRedirectUri(iss)} to the client first.`;
  return null;
}

type Sealed = { trialId: string; clientId: string; method: string; credential: string; state: string; nonce: string; verifier: string; scope: string };

/**
 * Starts a try: a trial row with the credential's hash (audited), and the authorization request the
 * admin's browser goes to — `prompt=login`, so the sign-in really happens. Returns the sealed cookie
 * that carries the credential and the PKCE verifier to the callback.
 */
export async function startTrial(ctx: ServiceContext, adminId: string, clientInternalId: string): Promise<{ url: string; cookie: string }> {
  const { tx, reach, audit } = ctx;
  const client = await tx.client.findFirst({
    where: clientsWithin(reach, { id: clientInternalId }),
    select: {
      clientId: true,
      flow: true,
      enabled: true,
      expiresAt: true,
      redirectUris: true,
      tokenEndpointAuthMethod: true,
      adminApiRole: true,
      profileId: true,
      profileContextId: true,
      scopes: { select: { scope: { select: { name: true, enabled: true } } } },
    },
  });
  if (!client) throw new NotFoundError("This client no longer exists.");
  // A credential for the client, however short-lived: only someone who may change the client.
  await assertGrantWithin(ctx, clientPower(client), "This client holds");
  const iss = issuer();
  const blocker = trialBlocker(client, iss);
  if (blocker) throw new ConflictError(blocker);
  const allowed = new Set(client.scopes.filter((s) => s.scope.enabled).map((s) => s.scope.name));
  if (!allowed.has("openid")) throw new ConflictError("The client may not ask for the openid scope: allow it first.");
  const scope = ["openid", "profile", "email"].filter((name) => allowed.has(name)).join(" ");

  const trialId = randomBytes(16).toString("base64url");
  const credential = generateSecret();
  await tx.clientTrial.create({
    data: { id: trialId, clientInternalId, adminId, credentialHash: hashSecret(credential), expiresAt: new Date(Date.now() + TRIAL_TTL_MS) },
  });
  await audit({ action: "client.signInTried", target: { type: "client", id: clientInternalId, label: client.clientId }, changes: { scope } });

  const sealed: Sealed = {
    trialId,
    clientId: client.clientId,
    method: client.tokenEndpointAuthMethod,
    credential,
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier: oidc.randomPKCECodeVerifier(),
    scope,
  };
  const url = new URL(`${iss}/oauth/authorize`);
  url.search = new URLSearchParams({
    client_id: client.clientId,
    response_type: "code",
    redirect_uri: trialRedirectUri(iss),
    scope,
    state: sealed.state,
    nonce: sealed.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(sealed.verifier),
    code_challenge_method: "S256",
    prompt: "login",
  }).toString();
  return { url: url.href, cookie: encrypt(JSON.stringify(sealed), AAD) };
}

/**
 * The portal's own token endpoint, called on this process's loopback listener: the issuer may be a
 * public address behind a proxy that this server cannot (or should not) reach from inside.
 */
function loopbackFetch(iss: string): oidc.CustomFetch {
  const origin = new URL(iss).origin;
  const loopback = `http://127.0.0.1:${process.env.PORT?.trim() || "3000"}`;
  return (url, options) => fetch(url.startsWith(origin) ? `${loopback}${url.slice(origin.length)}` : url, options as RequestInit);
}

export type TrialResult = { header: Record<string, unknown>; claims: Record<string, unknown>; userinfo: Record<string, unknown> | null };

/**
 * The callback: the code exchanged with the trial's credential (openid-client checks the ID token:
 * signature against the portal's JWKS, issuer, audience, nonce, expiry), UserInfo fetched, and what
 * came back kept on the trial row — claims only, never a token. Returns the trial to show; a failure
 * is kept on the row in words.
 */
export async function finishTrial(adminId: string, cookie: string | undefined, callback: URL): Promise<{ clientInternalId: string; trialId: string } | null> {
  let sealed: Sealed;
  try {
    sealed = JSON.parse(decryptString(cookie ?? "", AAD)) as Sealed;
  } catch {
    return null;
  }
  const trial = await prisma.clientTrial.findFirst({ where: { id: sealed.trialId, adminId }, select: { id: true, clientInternalId: true, result: true } });
  if (!trial || trial.result !== null) return trial && { clientInternalId: trial.clientInternalId, trialId: trial.id };
  const iss = issuer();
  const done = { clientInternalId: trial.clientInternalId, trialId: trial.id };
  try {
    const metadata = (await discoveryDocument(iss)) as unknown as oidc.ServerMetadata;
    const auth =
      sealed.method === "none"
        ? oidc.None()
        : sealed.method === "client_secret_post"
          ? oidc.ClientSecretPost(sealed.credential)
          : oidc.ClientSecretBasic(sealed.credential);
    const config = new oidc.Configuration(metadata, sealed.clientId, undefined, auth);
    config[oidc.customFetch] = loopbackFetch(iss);
    oidc.allowInsecureRequests(config);
    oidc.enableNonRepudiationChecks(config);
    const current = new URL(trialRedirectUri(iss));
    current.search = callback.search;
    const tokens = await oidc.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: sealed.verifier,
      expectedNonce: sealed.nonce,
      expectedState: sealed.state,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error("The token endpoint answered without an ID token.");
    const [header] = (tokens.id_token ?? "").split(".");
    let userinfo: Record<string, unknown> | null = null;
    try {
      userinfo = { ...(await oidc.fetchUserInfo(config, tokens.access_token, String(claims.sub))) };
    } catch {
      userinfo = null;
    }
    // The tokens were for showing only: revoke the access token (the refresh token, if any, with it).
    await oidc.tokenRevocation(config, tokens.access_token).catch(() => undefined);
    const result: TrialResult = { header: JSON.parse(Buffer.from(header ?? "", "base64url").toString("utf8") || "{}"), claims: { ...claims }, userinfo };
    await prisma.clientTrial.update({ where: { id: trial.id }, data: { result: result as object } });
  } catch (error) {
    const text =
      error instanceof oidc.AuthorizationResponseError || error instanceof oidc.ResponseBodyError
        ? `${error.error}: ${error.error_description ?? ""}`
        : String((error as Error)?.message ?? error);
    await prisma.clientTrial.update({ where: { id: trial.id }, data: { result: {}, error: text.slice(0, 300) } });
  }
  return done;
}

/**
 * Adds the portal's test redirect URI to a client (the one click on its page), audited as any
 * change of its redirect URIs. Nothing else of the client changes.
 */
export async function addTrialRedirectUriRecord(ctx: ServiceContext, clientInternalId: string) {
  const { tx, reach, audit } = ctx;
  const client = await tx.client.findFirst({
    where: clientsWithin(reach, { id: clientInternalId }),
    select: { clientId: true, redirectUris: true, owners: true, contacts: true, version: true, adminApiRole: true, profileId: true, profileContextId: true },
  });
  if (!client) throw new NotFoundError("This client no longer exists.");
  await assertGrantWithin(ctx, clientPower(client), "This client holds");
  const before = Array.isArray(client.redirectUris) ? (client.redirectUris as string[]) : [];
  const uri = trialRedirectUri();
  if (before.includes(uri)) return;
  await gateChange(ctx, [client.profileId], null);
  const after = [...before, uri];
  const { count } = await tx.client.updateMany({
    where: clientsWithin(reach, { id: clientInternalId, version: client.version }),
    data: { redirectUris: after, version: { increment: 1 } },
  });
  if (count === 0) throw new ConflictError("This client was changed by someone else just now. Reload and try again.");
  await writeClientLookups(tx, clientInternalId, { ...client, redirectUris: after });
  await audit({
    action: "client.updated",
    target: { type: "client", id: clientInternalId, label: client.clientId },
    changes: { redirectUris: { from: before, to: after } },
  });
}

/** A trial of `adminId`'s for the result page. */
export function trialOf(adminId: string, clientInternalId: string, trialId: string) {
  return prisma.clientTrial.findFirst({
    where: { id: trialId, adminId, clientInternalId },
    select: { id: true, createdAt: true, result: true, error: true },
  });
}
