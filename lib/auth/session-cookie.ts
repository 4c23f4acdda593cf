import { createHash } from "node:crypto";
import { decode } from "next-auth/jwt";

/**
 * Auth.js's session cookie: `__Secure-` on https (the name is the key derivation's salt too), and
 * split into `<name>.0`, `<name>.1`, … when the value exceeds a cookie's size.
 */
export const SESSION_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

export type SessionClaims = { adminId: string; sessionId: string };

type Cookie = { name: string; value: string };

/** The value of one cookie, joined from its chunks when Auth.js split it (as its SessionStore does). */
function cookieValue(cookies: readonly Cookie[], name: string): string | undefined {
  const whole = cookies.find((c) => c.name === name);
  if (whole) return whole.value;
  const chunks = cookies
    .map((c) => ({ index: c.name.startsWith(`${name}.`) ? Number(c.name.slice(name.length + 1)) : NaN, value: c.value }))
    .filter((c) => Number.isInteger(c.index) && c.index >= 0)
    .sort((a, b) => a.index - b.index);
  return chunks.length ? chunks.map((c) => c.value).join("") : undefined;
}

/** At most this many decrypted cookies are remembered per process; then the memory starts over. */
export const DECODED_SESSIONS_MAX = 1000;

type Decoded = SessionClaims & { expiresAt: number };

/**
 * Cookies that decrypted, by a hash of (secret, salt, value): the proxy and the page both read the
 * cookie on every request, and the decryption (a key derivation, AES-CBC and its HMAC) was a tenth of
 * a signed-in page's CPU. Only a cookie that decrypted is kept, and only until its `exp`; the same
 * bytes under the same secret and salt decrypt to the same claims, so the answer is the same as
 * `decode`'s. Kept on globalThis because the proxy and the pages are separate bundles.
 */
const decoded = ((globalThis as unknown as { decodedSessionCookies?: Map<string, Decoded> }).decodedSessionCookies ??= new Map());

function memoKey(secret: string, salt: string, token: string): string {
  return createHash("sha256").update(secret).update("\0").update(salt).update("\0").update(token).digest("base64");
}

/**
 * Who the session cookie says is signed in: its admin (`sub`) and server-side session (`sid`), or
 * null when there is no cookie or it does not decrypt with AUTH_SECRET or has expired (Auth.js's own
 * `decode`). One decryption per cookie, no re-encoding: proxy.ts and lib/auth/session.ts read the
 * cookie with this instead of Auth.js's `auth()`, which runs a whole session request and mints a new
 * cookie each time (docs/decisions/016). Whether that session is still live is for
 * lib/auth/session.ts to check.
 */
export async function readSessionCookie(cookies: readonly Cookie[], secret = process.env.AUTH_SECRET): Promise<SessionClaims | null> {
  if (!secret) return null;
  for (const name of SESSION_COOKIE_NAMES) {
    const token = cookieValue(cookies, name);
    if (!token) continue;
    const key = memoKey(secret, name, token);
    const hit = decoded.get(key);
    if (hit && Date.now() < hit.expiresAt) return { adminId: hit.adminId, sessionId: hit.sessionId };
    if (hit) decoded.delete(key);
    try {
      const claims = await decode({ token, secret, salt: name });
      if (typeof claims?.sub === "string" && typeof claims.sid === "string") {
        if (typeof claims.exp === "number") {
          if (decoded.size >= DECODED_SESSIONS_MAX) decoded.clear();
          decoded.set(key, { adminId: claims.sub, sessionId: claims.sid, expiresAt: claims.exp * 1000 });
        }
        return { adminId: claims.sub, sessionId: claims.sid };
      }
    } catch {
      // Not ours, tampered with or expired: no session from this cookie.
    }
  }
  return null;
}
