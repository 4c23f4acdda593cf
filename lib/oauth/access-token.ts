import "server-only";
import { randomUUID, sign } from "node:crypto";
import { createLocalJWKSet, errors, jwtVerify } from "jose";
import { ACCESS_TOKEN_TTL_SECONDS, apiAudience, issuer, SIGNING_ALGS, type SigningAlg } from "./config";
import { activeSigningKey, publishedJwks } from "./keys";

/** What the portal puts in an access token (RFC 9068), beyond the registered claims. */
export type AccessTokenClaims = {
  iss: string;
  sub: string;
  aud: string;
  client_id: string;
  scope: string;
  jti: string;
  iat: number;
  exp: number;
  /** The client's profile identifier, e.g. Administrator */
  profile: string;
  /** The client's profile context Id (≤ -2), when it has one */
  profile_context?: number;
};

export type TokenSubject = {
  clientId: string;
  alg: SigningAlg;
  scopes: string[];
  profile: string;
  profileContextId: number | null;
};

const base64url = (value: string) => Buffer.from(value, "utf8").toString("base64url");

/**
 * Signs in libuv's thread pool: beside the event loop, on another core. An RSA-2048 signature takes
 * about a millisecond, which on the event loop would stall every other request; an ECDSA P-256 one
 * about 0.1 ms, a quarter of a token request's time on the loop (bench/token.mjs: ES256 1.34× → 2.17×
 * oidc-provider's tokens/s, p99 16 → 9 ms, once it moved to the pool as well).
 */
function signInThreadPool(input: string, key: Parameters<typeof sign>[2]): Promise<Buffer> {
  return new Promise((resolve, reject) => sign("sha256", Buffer.from(input), key, (error, signature) => (error ? reject(error) : resolve(signature))));
}

/**
 * Signs an RFC 9068 access token (`typ: at+jwt`) with the client's algorithm. A JWS compact
 * serialization signed with node:crypto directly (ES256 as the raw r‖s pair of RFC 7518 §3.4, RS256
 * as PKCS#1 v1.5): several times cheaper per token than WebCrypto's sign; both in the thread pool
 * (signInThreadPool). Tokens are verified with jose (verifyAccessToken; every test checks both sides).
 */
export async function issueAccessToken(subject: TokenSubject, now = Math.floor(Date.now() / 1000)) {
  const key = await activeSigningKey(subject.alg);
  const header = { alg: subject.alg, typ: "at+jwt", kid: key.kid };
  const iss = issuer();
  const payload = {
    client_id: subject.clientId,
    scope: subject.scopes.join(" "),
    profile: subject.profile,
    ...(subject.profileContextId !== null ? { profile_context: subject.profileContextId } : {}),
    iss,
    sub: subject.clientId,
    aud: apiAudience(),
    iat: now,
    exp: now + ACCESS_TOKEN_TTL_SECONDS,
    jti: randomUUID(),
  };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = await signInThreadPool(input, subject.alg === "ES256" ? { key: key.key, dsaEncoding: "ieee-p1363" } : key.key);
  return { token: `${input}.${signature.toString("base64url")}`, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}

/**
 * Verifies one of the portal's access tokens: signature by a published key, `typ`, issuer, audience
 * and expiry. Null for anything else — never an exception, so callers answer "inactive".
 *
 * A resource server introspects the same token on each of its calls, so a token that verified is
 * remembered (verifiedTokens) until it expires or the published keys change: the answer is exactly
 * jose's, without the ECDSA/RSA verification each time. Only tokens that verified are kept, at most
 * VERIFIED_TOKENS_MAX (oldest out first): garbage cannot fill the memory.
 */
export async function verifyAccessToken(token: string): Promise<AccessTokenClaims | null> {
  if (!token || token.length > 8192) return null;
  const verifier = await currentVerifier();
  const remembered = verifier.verified.get(token);
  if (remembered) {
    if (Math.floor(Date.now() / 1000) < remembered.exp) return remembered;
    verifier.verified.delete(token);
    return null;
  }
  try {
    const { payload } = await jwtVerify(token, verifier.keys, {
      issuer: issuer(),
      audience: apiAudience(),
      typ: "at+jwt",
      algorithms: [...SIGNING_ALGS],
      requiredClaims: ["sub", "client_id", "jti", "exp", "iat", "scope"],
    });
    const claims = Object.freeze(payload) as unknown as AccessTokenClaims;
    if (verifier.verified.size >= VERIFIED_TOKENS_MAX) verifier.verified.delete(verifier.verified.keys().next().value!);
    verifier.verified.set(token, claims);
    return claims;
  } catch (error) {
    if (error instanceof errors.JOSEError || error instanceof TypeError) return null;
    throw error;
  }
}

/** How many verified tokens are remembered (about 1 kB each). */
export const VERIFIED_TOKENS_MAX = 4096;

// jose's local key set imports each key once; it and the tokens it verified are kept as long as the
// published key set is the same (compared by content: a cache refill yields a new, equal object).
let verifier: { body: string; keys: ReturnType<typeof createLocalJWKSet>; verified: Map<string, AccessTokenClaims> } | null = null;

async function currentVerifier() {
  const { jwks, body } = await publishedJwks();
  if (verifier?.body !== body) verifier = { body, keys: createLocalJWKSet(jwks), verified: new Map() };
  return verifier;
}
