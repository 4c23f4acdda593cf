import { LIMITS } from "@/lib/validation/limits";
import { z } from "zod";

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);

/** localhost, *.localhost, 127.0.0.0/8 and [::1]: the hosts where plain http is acceptable. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(host) || host.endsWith(".localhost") || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Why `value` is not an acceptable redirect URI, or null when it is (OAuth 2.0 §3.1.2, RFC 8252 §7.3). */
export function redirectUriProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not an absolute URL.`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return `"${value}" must use https.`;
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    return `"${value}" must use https (http is allowed only for localhost).`;
  }
  if (value.includes("#")) return `"${value}" must not contain a fragment (#).`;
  if (url.username || url.password) return `"${value}" must not contain a user name or password.`;
  return null;
}

/** One redirect URI. */
export const redirectUriSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = redirectUriProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** A list of redirect URIs without duplicates (the messages name the offending URI). */
export const redirectUriListSchema = z
  .array(redirectUriSchema)
  .max(50, "At most 50 URIs.")
  .superRefine((uris, ctx) => {
    const seen = new Set<string>();
    for (const uri of uris) {
      if (seen.has(uri)) ctx.addIssue({ code: "custom", message: `"${uri}" is listed twice.` });
      seen.add(uri);
    }
  });

/** Splits a textarea (one URI per line) into a list; blank lines are ignored. */
export function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** A textarea of URIs, one per line, parsed into a checked list. */
export const redirectUriLinesSchema = z.string().max(LIMITS.uriLines).transform(splitLines).pipe(redirectUriListSchema);
