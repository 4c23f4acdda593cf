import "server-only";
import { createLocalJWKSet, errors, jwtVerify, SignJWT, type JWK } from "jose";
import { ACCESS_TOKEN_TTL_SECONDS, apiAudience, issuer, SIGNING_ALGS, type SigningAlg } from "./config";
import { activeSigningKey, publishedKeys } from "./keys";

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

/** Signs an RFC 9068 access token (`typ: at+jwt`) with the client's algorithm. */
export async function issueAccessToken(subject: TokenSubject, now = Math.floor(Date.now() / 1000)) {
  const key = await activeSigningKey(subject.alg);
  const token = await new SignJWT({
    client_id: subject.clientId,
    scope: subject.scopes.join(" "),
    profile: subject.profile,
    ...(subject.profileContextId !== null ? { profile_context: subject.profileContextId } : {}),
  })
    .setProtectedHeader({ alg: subject.alg, typ: "at+jwt", kid: key.kid })
    .setIssuer(issuer())
    .setSubject(subject.clientId)
    .setAudience(apiAudience())
    .setIssuedAt(now)
    .setExpirationTime(now + ACCESS_TOKEN_TTL_SECONDS)
    .setJti(crypto.randomUUID())
    .sign(key.key);
  return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}

/**
 * Verifies one of the portal's access tokens: signature by a published key, `typ`, issuer, audience
 * and expiry. Null for anything else — never an exception, so callers answer "inactive".
 */
export async function verifyAccessToken(token: string): Promise<AccessTokenClaims | null> {
  if (!token || token.length > 8192) return null;
  try {
    const keys = (await publishedKeys()).map((k) => k.publicJwk as JWK);
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys }), {
      issuer: issuer(),
      audience: apiAudience(),
      typ: "at+jwt",
      algorithms: [...SIGNING_ALGS],
      requiredClaims: ["sub", "client_id", "jti", "exp", "iat", "scope"],
    });
    return payload as unknown as AccessTokenClaims;
  } catch (error) {
    if (error instanceof errors.JOSEError || error instanceof TypeError) return null;
    throw error;
  }
}
