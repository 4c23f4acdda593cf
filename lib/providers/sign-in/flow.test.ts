import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/testing/db";
import { sealClientSecret } from "../secret";
import { beginSignIn, finishSignIn, signedOutDestination, SignInRefusal, type SignInStart } from "./flow";
import { adminForIdentity } from "./identity";
import { refuseSignIn } from "./respond";
import { consumeSignInState, SIGN_IN_STATE_COOKIE } from "./state";

process.env.PORTAL_ENCRYPTION_KEY = randomBytes(32).toString("base64");
process.env.ALLOW_PRIVATE_PROVIDER_HOSTS = "true";

const CLIENT_ID = "portal";
const CLIENT_SECRET = "upstream-client-secret-do-not-leak";
const ORIGIN = "http://portal.test";

// ── A small OpenID provider of the test's own, whose answers each test can spoil ──────────────────

type Issued = { nonce: string; claims: Record<string, unknown> };
const upstream = {
  url: "",
  issuer: "", // what the discovery document and the ID tokens say
  codes: new Map<string, Issued>(),
  tamper: false,
  endSession: false,
  userinfo: {} as Record<string, unknown>,
  tokenRequests: [] as URLSearchParams[],
};
let server: http.Server;
let key: CryptoKey;
let jwk: Record<string, unknown>;

async function idToken({ nonce, claims }: Issued, extra: Record<string, unknown> = {}) {
  const token = await new SignJWT({ nonce, auth_time: Math.floor(Date.now() / 1000), ...claims, ...extra })
    .setProtectedHeader({ alg: "RS256", kid: "k1" })
    .setIssuer(upstream.issuer)
    .setAudience(CLIENT_ID)
    .setSubject(String(claims.sub ?? "user-1"))
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(key);
  if (!upstream.tamper) return token;
  const [header, payload, signature] = token.split(".");
  const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), email: "owner@example.test" })).toString(
    "base64url",
  );
  return `${header}.${forged}.${signature}`;
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
}

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  key = pair.privateKey;
  jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  server = http.createServer(async (req, res) => {
    const path = new URL(req.url!, upstream.url).pathname;
    if (path === "/.well-known/openid-configuration") {
      return json(res, 200, {
        issuer: upstream.issuer,
        authorization_endpoint: `${upstream.url}/authorize`,
        token_endpoint: `${upstream.url}/token`,
        userinfo_endpoint: `${upstream.url}/userinfo`,
        jwks_uri: `${upstream.url}/jwks`,
        ...(upstream.endSession ? { end_session_endpoint: `${upstream.url}/logout` } : {}),
        response_types_supported: ["code", "code id_token"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
      });
    }
    if (path === "/jwks") return json(res, 200, { keys: [jwk] });
    if (path === "/userinfo") return json(res, 200, upstream.userinfo);
    if (path === "/token") {
      let body = "";
      for await (const chunk of req) body += chunk;
      const params = new URLSearchParams(body);
      upstream.tokenRequests.push(params);
      const [id, secret] = Buffer.from((req.headers.authorization ?? "").replace(/^Basic /, ""), "base64")
        .toString()
        .split(":")
        .map(decodeURIComponent);
      if (id !== CLIENT_ID || secret !== CLIENT_SECRET) return json(res, 401, { error: "invalid_client", error_description: "client authentication failed" });
      const issued = upstream.codes.get(params.get("code") ?? "");
      upstream.codes.delete(params.get("code") ?? "");
      if (!issued) return json(res, 400, { error: "invalid_grant", error_description: "unknown code" });
      return json(res, 200, { access_token: "upstream-access-token", token_type: "Bearer", expires_in: 300, id_token: await idToken(issued) });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  upstream.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let admin: { id: string; email: string };

beforeEach(async () => {
  upstream.issuer = upstream.url;
  upstream.tamper = false;
  upstream.endSession = false;
  upstream.userinfo = {};
  upstream.tokenRequests = [];
  await prisma.identityProvider.deleteMany();
  await prisma.auditEvent.deleteMany();
  await prisma.adminUser.deleteMany();
  admin = await prisma.adminUser.create({ data: { email: "ada@example.test", name: "Ada" }, select: { id: true, email: true } });
});

async function provider(overrides: Partial<Parameters<typeof prisma.identityProvider.create>[0]["data"]> = {}, secret: string | null = CLIENT_SECRET) {
  const row = await prisma.identityProvider.create({
    data: {
      providerName: "corp",
      authenticationMode: "Passive",
      clientId: CLIENT_ID,
      authority: upstream.url,
      authenticationMethod: "redirect_get",
      responseMode: "query",
      responseType: "code",
      scope: ["openid", "email"],
      messages: {},
      ...overrides,
    },
  });
  if (secret !== null) {
    await prisma.identityProvider.update({ where: { id: row.id }, data: { clientSecretEncrypted: sealClientSecret(row.id, secret) } });
  }
  return row;
}

const start = () => beginSignIn("corp", { origin: ORIGIN, callbackPath: "/clients" });

/** The authorization request as the provider receives it. */
function requestOf(started: SignInStart): URLSearchParams {
  if (started.authorization.method === "GET") return new URL(started.authorization.url).searchParams;
  return new URLSearchParams(started.authorization.fields);
}

/** Plays the provider: the person signed in with `claims`; returns the answer sent to the callback. */
function answer(started: SignInStart, claims: Record<string, unknown> = { sub: "u1", email: "Ada@Example.test", email_verified: true }) {
  const request = requestOf(started);
  const code = randomBytes(16).toString("base64url");
  upstream.codes.set(code, { nonce: request.get("nonce")!, claims });
  return new URLSearchParams({ code, state: request.get("state")! });
}

/** The hybrid answer (response_type code id_token): the code and an ID token bound to it by c_hash. */
async function hybridAnswer(started: SignInStart, claims: Record<string, unknown> = { sub: "u1", email: "ada@example.test", email_verified: true }) {
  const params = answer(started, claims);
  const digest = createHash("sha256").update(params.get("code")!).digest();
  const cHash = digest.subarray(0, digest.length / 2).toString("base64url");
  params.set("id_token", await idToken({ nonce: requestOf(started).get("nonce")!, claims }, { c_hash: cHash }));
  return params;
}

async function refusal(promise: Promise<unknown>): Promise<SignInRefusal> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SignInRefusal);
  const refused = error as SignInRefusal;
  // Never a token or a secret in what is audited.
  expect(refused.detail).not.toMatch(/upstream-access-token|upstream-client-secret|eyJ/);
  return refused;
}

describe("starting a sign-in", () => {
  it("redirects to the authorization endpoint with the code flow, PKCE, state and nonce", async () => {
    await provider({ prompt: "login", maxAge: 900, clearDefaultScope: true });
    const started = await start();
    expect(started.authorization.method).toBe("GET");
    const url = new URL((started.authorization as { url: string }).url);
    expect(url.origin + url.pathname).toBe(`${upstream.url}/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: CLIENT_ID,
      redirect_uri: `${ORIGIN}/signin-corp`,
      response_type: "code",
      scope: "openid email",
      state: expect.stringMatching(/^[\w-]{20,}$/),
      nonce: expect.stringMatching(/^[\w-]{20,}$/),
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      code_challenge_method: "S256",
      prompt: "login",
      max_age: "900",
    });
    // The cookie is sealed: neither state nor nonce readable in it.
    expect(started.cookie).not.toContain(url.searchParams.get("state")!);
    expect(started.cookie).not.toContain(url.searchParams.get("nonce")!);
    expect(await prisma.providerSignInState.count()).toBe(1);
  });

  it("with authentication_method form_post, returns the fields to POST to the authorization endpoint", async () => {
    await provider({ authenticationMethod: "form_post", responseMode: "form_post" });
    const started = await start();
    expect(started.authorization).toMatchObject({ method: "POST", action: `${upstream.url}/authorize` });
    expect(Object.fromEntries(requestOf(started))).toMatchObject({ client_id: CLIENT_ID, response_mode: "form_post", response_type: "code" });
  });

  it("refuses a disabled or unknown provider", async () => {
    await provider({ isEnabled: false });
    expect((await refusal(start())).reason).toBe("provider_unavailable");
    expect((await refusal(beginSignIn("nobody", { origin: ORIGIN, callbackPath: "/" }))).reason).toBe("provider_unavailable");
  });

  it("refuses when the provider is down", async () => {
    const down = http.createServer();
    await new Promise<void>((resolve) => down.listen(0, "127.0.0.1", resolve));
    const port = (down.address() as AddressInfo).port;
    await new Promise<void>((resolve) => down.close(() => resolve()));
    await provider({ authority: `http://127.0.0.1:${port}` });
    const refused = await refusal(start());
    expect(refused.reason).toBe("provider_unreachable");
  });

  it("refuses a provider whose discovery document names another issuer", async () => {
    await provider();
    upstream.issuer = "https://impostor.example";
    const refused = await refusal(start());
    expect(refused.reason).toBe("provider_misconfigured");
    expect(refused.detail).toContain("issuer mismatch");
  });
});

describe("the callback", () => {
  it("signs in the enabled admin whose email the provider vouches for, sending the code verifier", async () => {
    await provider();
    const started = await start();
    const identity = await finishSignIn("corp", answer(started), started.cookie);
    expect(identity).toMatchObject({ adminId: admin.id, email: "ada@example.test", callbackPath: "/clients" });
    const tokenRequest = upstream.tokenRequests.at(-1)!;
    expect(tokenRequest.get("grant_type")).toBe("authorization_code");
    expect(tokenRequest.get("redirect_uri")).toBe(`${ORIGIN}/signin-corp`);
    expect(tokenRequest.get("code_verifier")).toMatch(/^[\w-]{43,}$/);
  });

  it("reads the email from the userinfo endpoint when get_claims_from_user_info_endpoint is on, by email_claim_type", async () => {
    await provider({ getClaimsFromUserInfoEndpoint: true, emailClaimType: "mail" });
    upstream.userinfo = { sub: "u1", mail: "ada@example.test", email_verified: true };
    const started = await start();
    expect(await finishSignIn("corp", answer(started, { sub: "u1" }), started.cookie)).toMatchObject({ adminId: admin.id });
  });

  it("completes the hybrid flow (code id_token, form_post), checking the front-channel ID token too", async () => {
    await provider({ responseType: "code id_token", responseMode: "form_post", authenticationMethod: "form_post" });
    let started = await start();
    expect(Object.fromEntries(requestOf(started))).toMatchObject({ response_type: "code id_token", response_mode: "form_post" });
    expect(await finishSignIn("corp", await hybridAnswer(started), started.cookie)).toMatchObject({ adminId: admin.id });

    started = await start();
    const forged = await hybridAnswer(started);
    forged.set("code", "another-code"); // c_hash no longer matches
    expect((await refusal(finishSignIn("corp", forged, started.cookie))).reason).toBe("id_token_invalid");
  });

  it("accepts each answer once: a replayed state is refused", async () => {
    await provider();
    const started = await start();
    const params = answer(started);
    await finishSignIn("corp", params, started.cookie);
    expect((await refusal(finishSignIn("corp", params, started.cookie))).reason).toBe("state_invalid");
  });

  it("refuses an expired, missing, tampered or mismatched state", async () => {
    await provider();
    const expired = await start();
    const later = Date.now() + 11 * 60_000;
    expect((await refusal(finishSignIn("corp", answer(expired), expired.cookie, later))).reason).toBe("state_invalid");
    expect(await consumeSignInState(expired.cookie, "corp", later)).toBeNull();

    const started = await start();
    expect((await refusal(finishSignIn("corp", answer(started), undefined))).reason).toBe("state_invalid");
    expect((await refusal(finishSignIn("corp", answer(started), `${started.cookie.slice(0, -2)}AA`))).reason).toBe("state_invalid");
    const other = await start();
    const crossed = answer(other); // another browser's answer with this browser's cookie
    expect((await refusal(finishSignIn("corp", crossed, started.cookie))).reason).toBe("state_invalid");
  });

  it("refuses a wrong client secret (the provider's invalid_client)", async () => {
    await provider({}, "not-the-secret");
    const started = await start();
    const refused = await refusal(finishSignIn("corp", answer(started), started.cookie));
    expect(refused.reason).toBe("client_rejected");
    expect(refused.detail).not.toContain("not-the-secret");
  });

  it("refuses a tampered ID token (signature)", async () => {
    await provider();
    upstream.tamper = true;
    const started = await start();
    expect((await refusal(finishSignIn("corp", answer(started), started.cookie))).reason).toBe("id_token_invalid");
  });

  it("refuses an ID token for another nonce, or with too old an auth_time for max_age", async () => {
    await provider({ maxAge: 60 });
    let started = await start();
    const params = answer(started);
    upstream.codes.get(params.get("code")!)!.nonce = "someone-elses-nonce";
    expect((await refusal(finishSignIn("corp", params, started.cookie))).reason).toBe("id_token_invalid");

    started = await start();
    expect(
      (
        await refusal(
          finishSignIn("corp", answer(started, { sub: "u1", email: "ada@example.test", auth_time: Math.floor(Date.now() / 1000) - 3600 }), started.cookie),
        )
      ).reason,
    ).toBe("id_token_invalid");
  });

  it("refuses when the person cancelled at the provider (access_denied), and other provider errors", async () => {
    await provider();
    let started = await start();
    let state = requestOf(started).get("state")!;
    expect((await refusal(finishSignIn("corp", new URLSearchParams({ error: "access_denied", state }), started.cookie))).reason).toBe("access_denied");
    started = await start();
    state = requestOf(started).get("state")!;
    expect((await refusal(finishSignIn("corp", new URLSearchParams({ error: "server_error", state }), started.cookie))).reason).toBe("provider_error");
  });

  it("signs in only existing, enabled admins with a verified email", async () => {
    await provider();
    let started = await start();
    const unknown = await refusal(finishSignIn("corp", answer(started, { sub: "u2", email: "eve@example.test", email_verified: true }), started.cookie));
    expect(unknown).toMatchObject({ reason: "unknown_user", context: { email: "eve@example.test" } });

    started = await start();
    expect((await refusal(finishSignIn("corp", answer(started, { sub: "u1", email: "ada@example.test", email_verified: false }), started.cookie))).reason).toBe(
      "email_unverified",
    );

    started = await start();
    expect((await refusal(finishSignIn("corp", answer(started, { sub: "u1" }), started.cookie))).reason).toBe("no_email");

    await prisma.adminUser.update({ where: { id: admin.id }, data: { disabledAt: new Date() } });
    started = await start();
    expect((await refusal(finishSignIn("corp", answer(started), started.cookie))).reason).toBe("account_disabled");
  });
});

describe("which admin signs in: a verified email, then the linked (issuer, sub)", () => {
  const signIn = async (claims: Record<string, unknown>) => {
    const started = await start();
    return finishSignIn("corp", answer(started, claims), started.cookie);
  };
  const links = () => prisma.adminIdentity.findMany({ select: { adminId: true, issuer: true, subject: true, providerName: true, lastUsedAt: true } });

  it("refuses an email without email_verified, or with email_verified false, and links nothing", async () => {
    await provider();
    const missing = await refusal(signIn({ sub: "u1", email: "ada@example.test" }));
    expect(missing).toMatchObject({ reason: "email_unverified", context: { email: "ada@example.test" } });
    expect(missing.detail).toContain("no email_verified claim");
    for (const value of [false, "false"]) {
      expect((await refusal(signIn({ sub: "u1", email: "ada@example.test", email_verified: value }))).reason).toBe("email_unverified");
    }
    // Userinfo cannot make up for it either when it does not say so.
    await prisma.identityProvider.updateMany({ data: { getClaimsFromUserInfoEndpoint: true } });
    upstream.userinfo = { sub: "u1", email: "ada@example.test" };
    expect((await refusal(signIn({ sub: "u1" }))).reason).toBe("email_unverified");
    expect(await links()).toEqual([]);
  });

  it("signs in by a verified email, in any case, and links (issuer, sub) to the admin at that first sign-in", async () => {
    await provider();
    expect(await signIn({ sub: "u1", email: "  ADA@EXAMPLE.TEST ", email_verified: true })).toMatchObject({ adminId: admin.id, email: "ada@example.test" });
    expect(await links()).toEqual([{ adminId: admin.id, issuer: upstream.url, subject: "u1", providerName: "corp", lastUsedAt: expect.any(Date) }]);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "admin.identityLinked" } });
    expect(event).toMatchObject({ actorId: admin.id, targetId: admin.id, changes: { provider: "corp", issuer: upstream.url, subject: "u1" } });
  });

  it("with assume_email_verified, trusts an email sent without email_verified, never one with email_verified false", async () => {
    await provider({ assumeEmailVerified: true });
    expect((await refusal(signIn({ sub: "u1", email: "ada@example.test", email_verified: false }))).reason).toBe("email_unverified");
    expect(await links()).toEqual([]);
    expect(await signIn({ sub: "u1", email: "ada@example.test" })).toMatchObject({ adminId: admin.id });
    expect(await links()).toHaveLength(1);
  });

  it("counts the provider's multi-factor sign-in (amr in the ID token) only when its setting trusts it", async () => {
    const verified = { sub: "u1", email: "ada@example.test", email_verified: true };
    await provider();
    expect(await signIn({ ...verified, amr: ["pwd", "mfa"] })).toMatchObject({ adminId: admin.id, multiFactor: false });

    await prisma.identityProvider.updateMany({ data: { trustAmrMultiFactor: true } });
    expect(await signIn({ ...verified, amr: ["pwd", "mfa"] })).toMatchObject({ multiFactor: true });
    expect(await signIn({ ...verified, amr: ["swk", "pin"] })).toMatchObject({ multiFactor: true });
    for (const amr of [["pwd"], ["pwd", "pin"], ["hwk", "user"], ["otp", "sms"], "mfa", [1, 2], undefined]) {
      expect(await signIn({ ...verified, ...(amr === undefined ? {} : { amr }) })).toMatchObject({ multiFactor: false });
    }
    // From userinfo, amr is nobody's word: only the signed ID token counts.
    await prisma.identityProvider.updateMany({ data: { getClaimsFromUserInfoEndpoint: true } });
    upstream.userinfo = { sub: "u1", amr: ["mfa"] };
    expect(await signIn(verified)).toMatchObject({ multiFactor: false });
  });

  it("once linked, the (issuer, sub) signs its admin in whatever email it carries", async () => {
    await provider();
    await signIn({ sub: "u1", email: "ada@example.test", email_verified: true });
    const [before] = await links();
    const bea = await prisma.adminUser.create({ data: { email: "bea@example.test", name: "Bea" }, select: { id: true } });
    // A new address at the provider, even another admin's, unverified or none at all: still Ada.
    for (const claims of [
      { sub: "u1", email: "ada.lovelace@example.test", email_verified: true },
      { sub: "u1", email: "bea@example.test", email_verified: true },
      { sub: "u1", email: "ada@example.test", email_verified: false },
      { sub: "u1" },
    ]) {
      expect(await signIn(claims)).toMatchObject({ adminId: admin.id, email: "ada@example.test" });
    }
    const [after] = await links();
    expect(after!.lastUsedAt.getTime()).toBeGreaterThanOrEqual(before!.lastUsedAt.getTime());
    expect(await prisma.adminIdentity.count({ where: { adminId: bea.id } })).toBe(0);

    // A disabled admin stays out through the link too.
    await prisma.adminUser.update({ where: { id: admin.id }, data: { disabledAt: new Date() } });
    expect((await refusal(signIn({ sub: "u1" }))).reason).toBe("account_disabled");
  });

  it("refuses a second subject of the same issuer for an admin already linked, even with a verified email", async () => {
    await provider();
    await signIn({ sub: "u1", email: "ada@example.test", email_verified: true });
    const refused = await refusal(signIn({ sub: "u2", email: "ada@example.test", email_verified: true }));
    expect(refused).toMatchObject({ reason: "identity_conflict", context: { adminId: admin.id, email: "ada@example.test" } });
    expect(refused.detail).toContain("another subject");
    expect((await links()).map((l) => l.subject)).toEqual(["u1"]);
    // Once the link is removed, the new subject links at its next sign-in.
    await prisma.adminIdentity.deleteMany();
    expect(await signIn({ sub: "u2", email: "ada@example.test", email_verified: true })).toMatchObject({ adminId: admin.id });
    expect((await links()).map((l) => l.subject)).toEqual(["u2"]);
  });

  it("two first sign-ins at once with two subjects: one links, the other is refused", async () => {
    const corp = { providerName: "corp", assumeEmailVerified: false, emailClaimType: null };
    const identity = (subject: string) => ({ issuer: upstream.url, subject, email: "ada@example.test", emailVerified: true });
    const results = await Promise.all(["u1", "u2", "u3"].map((subject) => adminForIdentity(corp, identity(subject))));
    expect(results.filter((r) => "adminId" in r)).toHaveLength(1);
    expect(results.filter((r) => "refused" in r).map((r) => ("refused" in r ? r.refused : null))).toEqual(["identity_conflict", "identity_conflict"]);
    expect(await links()).toHaveLength(1);
  });

  it("deleting the admin deletes their links", async () => {
    await provider();
    await signIn({ sub: "u1", email: "ada@example.test", email_verified: true });
    await prisma.adminUser.delete({ where: { id: admin.id } });
    expect(await links()).toEqual([]);
  });
});

describe("a refusal", () => {
  it("is audited and sends the browser to the sign-in page, which explains it, without any token or secret", async () => {
    const row = await provider();
    const response = await refuseSignIn(ORIGIN, "corp", new SignInRefusal("unknown_user", "no admin account has this email", { email: "eve@example.test" }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/sign-in?error=unknown_user&provider=corp`);
    expect(response.headers.get("set-cookie")).toContain(`${SIGN_IN_STATE_COOKIE}=;`);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "admin.signInRefused" } });
    expect(event).toMatchObject({ actorLabel: "eve@example.test", targetType: "provider", targetId: row.id, targetLabel: "corp" });
    expect(event.changes).toEqual({ method: "provider:corp", reason: "unknown_user", detail: "no admin account has this email" });
    expect(JSON.stringify(event)).not.toContain(CLIENT_SECRET);
  });

  it("of an unexpected error is audited as a provider error", async () => {
    await provider();
    const response = await refuseSignIn(ORIGIN, "corp", new Error("boom"));
    expect(response.headers.get("location")).toContain("error=provider_error");
  });
});

describe("signing out", () => {
  it("lands on signed_out_redirect_uri, through the provider's end_session_endpoint when it has one", async () => {
    await provider({ signedOutRedirectUri: "https://portal.example/goodbye" });
    expect(await signedOutDestination("provider:corp")).toBe("https://portal.example/goodbye");
    upstream.endSession = true;
    const url = new URL((await signedOutDestination("provider:corp"))!);
    expect(url.origin + url.pathname).toBe(`${upstream.url}/logout`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: CLIENT_ID, post_logout_redirect_uri: "https://portal.example/goodbye" });
  });

  it("stays in the portal after a password sign-in, or without signed_out_redirect_uri", async () => {
    await provider();
    upstream.endSession = true;
    expect(await signedOutDestination("password")).toBeNull();
    expect(await signedOutDestination(null)).toBeNull();
    expect(await signedOutDestination("provider:corp")).toBeNull();
  });
});

describe("a refusal past the rate limit", () => {
  it("is explained but not audited (no flooding the log)", async () => {
    await provider();
    const response = await refuseSignIn(ORIGIN, "corp", new SignInRefusal("rate_limited", "too many"));
    expect(response.headers.get("location")).toContain("error=rate_limited");
    expect(await prisma.auditEvent.count()).toBe(0);
  });
});
