import "server-only";
import { randomBytes } from "node:crypto";
import { decryptString, encrypt } from "@/lib/crypto/encryption";
import { prisma } from "@/lib/db/prisma";

// What a sign-in through a provider must remember between the redirect to the provider and the
// callback: state, nonce, the PKCE code verifier, max_age and where to go afterwards. It travels in
// an encrypted (AES-256-GCM), httpOnly cookie that lives 10 minutes, so it is bound to the browser
// that started the sign-in; a ProviderSignInState row named in it makes it single-use (the callback
// deletes the row: a replayed or copied cookie finds nothing).

export const SIGN_IN_STATE_COOKIE = "portal.provider-sign-in";
/** An end user's sign-in to one of the portal's clients (lib/end-users) keeps its state in a cookie of its own. */
export const END_USER_SIGN_IN_STATE_COOKIE = "portal.end-user-sign-in";
export const SIGN_IN_STATE_TTL_SECONDS = 10 * 60;
const AAD = "provider-sign-in-state";

export type SignInState = {
  /** The ProviderSignInState row. */
  id: string;
  providerName: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  maxAge: number | null;
  callbackPath: string;
  /** An end user's sign-in: the uid of the engine's interaction it completes (lib/end-users). Null: an admin's. */
  interaction: string | null;
  /** Epoch milliseconds. */
  expiresAt: number;
};

/** Opens a sign-in: writes its row and returns the sealed cookie value. Drops expired rows on the way. */
export async function openSignInState(values: Omit<SignInState, "id" | "expiresAt">, now = Date.now()): Promise<string> {
  const id = randomBytes(18).toString("base64url");
  const expiresAt = now + SIGN_IN_STATE_TTL_SECONDS * 1000;
  await prisma.$transaction([
    prisma.providerSignInState.deleteMany({ where: { expiresAt: { lt: new Date(now) } } }),
    prisma.providerSignInState.create({ data: { id, providerName: values.providerName, expiresAt: new Date(expiresAt) } }),
  ]);
  const state: SignInState = { ...values, id, expiresAt };
  return encrypt(JSON.stringify(state), AAD);
}

/**
 * Reads the cookie and uses up its row, once: null when the cookie is missing, tampered with, for
 * another provider, expired, or already used.
 */
export async function consumeSignInState(cookie: string | undefined, providerName: string, now = Date.now()): Promise<SignInState | null> {
  if (!cookie) return null;
  let state: SignInState;
  try {
    state = JSON.parse(decryptString(cookie, AAD)) as SignInState;
  } catch {
    return null;
  }
  if (state.providerName !== providerName || state.expiresAt <= now) return null;
  const { count } = await prisma.providerSignInState.deleteMany({ where: { id: state.id, providerName, expiresAt: { gt: new Date(now) } } });
  return count === 1 ? state : null;
}

/**
 * The state cookie's attributes. With https the provider's form_post answer is a cross-site POST,
 * which carries only SameSite=None cookies (and those must be Secure); over plain http (a local
 * portal) the provider is on the same site and Lax is enough.
 */
export function stateCookieOptions(origin: string) {
  const secure = origin.startsWith("https:");
  return { httpOnly: true, secure, sameSite: secure ? ("none" as const) : ("lax" as const), path: "/", maxAge: SIGN_IN_STATE_TTL_SECONDS };
}
