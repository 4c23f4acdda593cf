// Where an audited request came from: the caller's network address, its User-Agent and the request's
// id. The portal's server (scripts/server.mjs, lib/oauth/protocol-server.ts) resolves the address
// once per request through TRUSTED_PROXIES (lib/http/client-address.ts) and sets it, with the
// request id, on the request before any handler runs; this module only reads them back, so the audit
// log, the rate limits and the log lines agree on who called.
import { CLIENT_ADDRESS_HEADER, normalizeAddress } from "@/lib/http/client-address";
import { givenRequestId } from "@/lib/log";

export type RequestOrigin = {
  /** The caller's IP address; null when unknown. */
  address: string | null;
  /** The caller's User-Agent, cut to USER_AGENT_MAX_LENGTH characters; null when none was sent. */
  userAgent: string | null;
  /** The request's id, as the server's log lines and its X-Request-Id answer carry it. */
  requestId: string | null;
};

/** A User-Agent longer than this is cut (real ones stay under 300 characters). */
export const USER_AGENT_MAX_LENGTH = 512;

/** No request: an event written by the server itself (startup, a worker). */
export const NO_ORIGIN: RequestOrigin = { address: null, userAgent: null, requestId: null };

type HeaderReader = { get(name: string): string | null | undefined };

/** A User-Agent as stored: control characters as spaces, at most USER_AGENT_MAX_LENGTH characters, valid Unicode. */
export function storedUserAgent(raw: string | null | undefined): string | null {
  const text = (raw ?? "").replace(/[\u0000-\u001f\u007f]/g, " ").trim();
  if (!text) return null;
  // A cut between the halves of a surrogate pair leaves a lone one: drop it.
  return text
    .slice(0, USER_AGENT_MAX_LENGTH)
    .toWellFormed()
    .replace(/\uFFFD$/, "");
}

/**
 * The origin of a request from its headers. `address`: the caller's address when the caller already
 * has it (the protocol endpoints get it from the server); otherwise the header the server set.
 */
export function originOf(headers: HeaderReader, address?: string): RequestOrigin {
  const raw = address ?? headers.get(CLIENT_ADDRESS_HEADER) ?? "";
  return {
    address: normalizeAddress(raw),
    userAgent: storedUserAgent(headers.get("user-agent")),
    requestId: givenRequestId(headers),
  };
}

/** The origin of the request being served (a server action, a page, a route); null outside a request. */
export async function currentOrigin(): Promise<RequestOrigin | null> {
  try {
    const { headers } = await import("next/headers");
    return originOf(await headers());
  } catch {
    return null;
  }
}
