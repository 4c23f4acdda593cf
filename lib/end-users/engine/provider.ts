import "server-only";
import { hkdfSync } from "node:crypto";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { createElement } from "react";
import { ErrorPage, LogoutPage, SignedOutPage } from "@/components/end-users/pages";
import * as clock from "@/lib/clock";
import { consumeTrialCredential } from "@/lib/clients/trial-credential";
import { loadKey } from "@/lib/crypto/encryption";
import type { ChangeEpoch } from "@/lib/db/change-epoch";
import { prisma } from "@/lib/db/prisma";
import { matchingSecret } from "@/lib/oauth/client-auth";
import { SIGNING_ALGS } from "@/lib/oauth/config";
import { activeSecrets, type Directory } from "@/lib/oauth/directory";
import { tokenUsage } from "@/lib/oauth/token-usage";
import { activeSigningKey } from "@/lib/oauth/keys";
import { endUserClaims } from "../accounts";
import { chrome, formTargets, htmlPage, type HtmlResponse } from "../render";
import { DatabaseAdapter } from "./adapter";
import { CLIENT_AUTH_METHODS, ENGINE_ROUTES, ENGINE_TTL, RESPONSE_TYPES, SCOPE_CLAIMS } from "./capabilities";
import { engineClientMetadata } from "./clients";

// The end-user OpenID provider: panva's oidc-provider (OpenID Certified), fed from the portal's
// database — clients from the portal's client records, its storage in OidcRecord rows, the portal's
// signing keys, end users from EndUser (docs/decisions/020). The portal's own client_credentials
// path (lib/oauth/token-endpoint.ts) stays ahead of it at /oauth/token.

export type EngineOptions = { issuer: string; directory: Directory; env?: Record<string, string | undefined>; proxy?: boolean };

/** The engine's cookies are signed with a key derived from the portal's encryption key (HKDF-SHA-256). */
function cookieKey(env: Record<string, string | undefined>): string {
  return Buffer.from(hkdfSync("sha256", loadKey(env), Buffer.alloc(0), "oidc-provider cookies", 32)).toString("base64url");
}

/** The active signing keys as private JWKs (the engine signs ID tokens with the client's algorithm). */
async function signingKeys() {
  const keys = [];
  for (const alg of SIGNING_ALGS) {
    const active = await activeSigningKey(alg);
    keys.push({ ...active.key.export({ format: "jwk" }), kid: active.kid, alg, use: "sig" });
  }
  return keys;
}

/** The names of the enabled scopes: the engine must know every scope a client may ask for. */
async function scopeNames(): Promise<string[]> {
  const rows = await prisma.scope.findMany({ where: { enabled: true }, select: { name: true }, orderBy: { name: "asc" } });
  return rows.map((row) => row.name);
}

function respond(ctx: KoaContextWithOIDC, page: HtmlResponse) {
  ctx.status = page.status;
  for (const [name, value] of Object.entries(page.headers)) ctx.set(name, value);
  ctx.body = page.body;
}

/** What a person reads when the engine cannot send them back to the client (OAuth 2.0 §4.1.2.1: never to an unchecked URI). */
const ERROR_HEADINGS: Record<string, string> = {
  invalid_client: "This application is not known",
  invalid_redirect_uri: "This application sent you from an address it has not registered",
  invalid_request: "The sign-in request is not valid",
  unauthorized_client: "This application may not sign people in this way",
  session_not_found: "This sign-in has expired",
};

async function buildEngine({ issuer, directory, env = process.env, proxy = false }: EngineOptions, keys: object[], scopes: string[]) {
  const configuration: Configuration = {
    adapter: (name: string) => (name === "Client" ? clientAdapter(directory) : new DatabaseAdapter(name)),
    async findAccount(_ctx, sub) {
      const claims = await endUserClaims(sub);
      return claims ? { accountId: sub, claims: async () => claims as { sub: string } } : undefined;
    },
    claims: SCOPE_CLAIMS as unknown as Configuration["claims"],
    scopes: [...new Set(["openid", "offline_access", ...scopes])],
    // The claims of the granted scopes go in the ID token too, not only at UserInfo.
    conformIdTokenClaims: false,
    // Names of the portal's own: a provider on the same host (another port) has the engine's defaults.
    cookies: { keys: [cookieKey(env)], names: { session: "portal.op-session", interaction: "portal.op-interaction", resume: "portal.op-resume" } },
    jwks: { keys: keys as NonNullable<Configuration["jwks"]>["keys"] },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      introspection: { enabled: false },
      clientCredentials: { enabled: false },
      resourceIndicators: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          const client = ctx.oidc.client;
          respond(
            ctx,
            htmlPage(createElement(LogoutPage, { chrome: chrome("Sign out"), clientName: client?.clientName ?? null, form }), {
              forms: formTargets(client?.postLogoutRedirectUris ?? []),
            }),
          );
        },
        async postLogoutSuccessSource(ctx) {
          respond(ctx, htmlPage(createElement(SignedOutPage, { chrome: chrome("Signed out"), clientName: ctx.oidc.client?.clientName ?? null })));
        },
      },
    },
    responseTypes: [...RESPONSE_TYPES],
    clientAuthMethods: [...CLIENT_AUTH_METHODS],
    enabledJWA: { idTokenSigningAlgValues: [...SIGNING_ALGS] },
    routes: { ...ENGINE_ROUTES, jwks: "/oauth/jwks", introspection: "/oauth/introspect" },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: { ...ENGINE_TTL },
    rotateRefreshToken: true,
    // Consent is remembered as the engine's Grant. A first-party client (its setting) never asks:
    // its grant is made, or widened, to what it requests.
    async loadExistingGrant(ctx) {
      const { client, session, provider: engine } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const existing = grantId ? await engine.Grant.find(grantId) : undefined;
      if (!(await directory.client(client.clientId))?.firstParty) return existing;
      const requested = [...(ctx.oidc.requestParamScopes ?? [])];
      // Saved only when it is new or widens: most sign-ins of a first-party app ask what it holds.
      const held = new Set(existing?.getOIDCScope().split(" "));
      if (existing && requested.every((scope) => held.has(scope))) return existing;
      const grant = existing ?? new engine.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(requested.join(" "));
      await grant.save();
      return grant;
    },
    // A browser app (a public client) calls the token and UserInfo endpoints from its own origin: one
    // of its redirect URIs' origins.
    clientBasedCORS: (_ctx, origin, client) => client.redirectUris?.some((uri) => URL.parse(uri)?.origin === origin) ?? false,
    async renderError(ctx, out) {
      const heading = ERROR_HEADINGS[out.error] ?? "The sign-in could not continue";
      respond(
        ctx,
        htmlPage(
          createElement(ErrorPage, {
            chrome: chrome(heading),
            heading,
            message: out.error_description ?? out.error,
            detail: out.error,
          }),
          { status: ctx.status >= 400 ? ctx.status : 400 },
        ),
      );
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.proxy = proxy;
  // The portal stores only hashes of client secrets: compare with them, in constant time, every
  // active secret of the client (lib/oauth/client-auth.ts), instead of the engine's plain comparison.
  provider.Client.prototype.compareClientSecret = async function (this: { clientId: string }, actual: string) {
    const record = await directory.client(this.clientId);
    const now = clock.now();
    const matched = matchingSecret(actual, record ? activeSecrets(record.secrets, now) : []);
    if (matched !== null) {
      // Which secret authenticated: counted in memory, written with the token usage batch.
      void tokenUsage.recordSecret(matched, now);
      return true;
    }
    // Or the one-time credential of an admin's "Try sign-in" from the client's page (lib/clients/trial.ts).
    return record !== null && consumeTrialCredential(this.clientId, actual);
  } as never;
  return provider;
}

/** The engine reads clients from the portal's directory, never from its own storage. */
function clientAdapter(directory: Directory) {
  return {
    async find(id: string) {
      const record = await directory.client(id);
      return record ? engineClientMetadata(record) : undefined;
    },
    async upsert() {
      throw new Error("clients are managed in the portal");
    },
    async findByUid() {
      return undefined;
    },
    async findByUserCode() {
      return undefined;
    },
    async consume() {},
    async destroy() {},
    async revokeByGrantId() {},
  };
}

/**
 * The engine for the current signing keys and scopes. Keys and the scope list are the engine's
 * static configuration, so a key rotation or a new scope builds a new engine (a few milliseconds);
 * everything else it keeps is in the database, so nothing is lost. Checked when the change epoch moves.
 */
export function createEngine(options: EngineOptions, epoch: ChangeEpoch) {
  let current: { seen: number; digest: string; provider: Provider } | null = null;
  let building: Promise<Provider> | null = null;
  async function load(): Promise<Provider> {
    const seen = epoch();
    const [keys, scopes] = await Promise.all([signingKeys(), scopeNames()]);
    const digest = JSON.stringify([keys.map((k) => k.kid), scopes]);
    if (current?.digest === digest) {
      current.seen = seen;
      return current.provider;
    }
    const provider = await buildEngine(options, keys, scopes);
    current = { seen, digest, provider };
    return provider;
  }
  return async function engine(): Promise<Provider> {
    if (current && current.seen === epoch()) return current.provider;
    building ??= load().finally(() => (building = null));
    return building;
  };
}

export type Engine = ReturnType<typeof createEngine>;
