import "server-only";

/**
 * The one way the server fetches a URL named by an admin (an identity provider's metadata, JWKS,
 * token and userinfo endpoints): every outbound request goes through here, so the rules for such
 * requests (which hosts and addresses may be reached) live in one place.
 */
export async function outboundFetch(url: string | URL, init?: RequestInit): Promise<Response> {
  return fetch(url, init);
}
