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

/**
 * Who the session cookie says is signed in: its admin (`sub`) and server-side session (`sid`), or
 * null when there is no cookie or it does not decrypt with AUTH_SECRET or has expired (Auth.js's own
 * `decode`). One decryption, no re-encoding: proxy.ts and lib/auth/session.ts read the cookie with
 * this instead of Auth.js's `auth()`, which runs a whole session request and mints a new cookie each
 * time (docs/decisions/016). Whether that session is still live is for lib/auth/session.ts to check.
 */
export async function readSessionCookie(cookies: readonly Cookie[], secret = process.env.AUTH_SECRET): Promise<SessionClaims | null> {
  if (!secret) return null;
  for (const name of SESSION_COOKIE_NAMES) {
    const token = cookieValue(cookies, name);
    if (!token) continue;
    try {
      const claims = await decode({ token, secret, salt: name });
      if (typeof claims?.sub === "string" && typeof claims.sid === "string") return { adminId: claims.sub, sessionId: claims.sid };
    } catch {
      // Not ours, tampered with or expired: no session from this cookie.
    }
  }
  return null;
}
