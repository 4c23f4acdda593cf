import "server-only";
import { randomBytes } from "node:crypto";
import { clientStatus } from "@/lib/clients/status";
import { hashSecret, verifySecret } from "@/lib/secrets/secret";
import { activeSecrets, databaseDirectory, type ClientRecord, type Directory, type SecretRecord } from "./directory";
import { OAuthError, param } from "./http";

/** The two ways a confidential client authenticates at the portal's endpoints (RFC 6749 §2.3.1). */
export type SecretAuthMethod = "client_secret_basic" | "client_secret_post";

/** Who the caller says it is, and the secret it proves it with. Never logged. */
export type PresentedCredentials = { method: SecretAuthMethod; id: string; secret: string };

/** application/x-www-form-urlencoded decoding (RFC 6749 Appendix B): "+" is a space. Throws URIError. */
export function formUrlDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, " "));
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * An HTTP Basic header of RFC 6749 §2.3.1: base64 of `urlencode(id) ":" urlencode(secret)`, each
 * part form-urlencoded BEFORE base64, so ids and secrets may hold ":", "%", "+" or any Unicode.
 * Null when the header is not Basic or not well formed.
 */
export function parseBasicAuthorization(header: string): { id: string; secret: string } | null {
  const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header.trim());
  if (!match) return null;
  let decoded: string;
  try {
    decoded = utf8.decode(Buffer.from(match[1]!, "base64"));
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  if (colon <= 0) return null;
  try {
    const id = formUrlDecode(decoded.slice(0, colon));
    const secret = formUrlDecode(decoded.slice(colon + 1));
    return id ? { id, secret } : null;
  } catch {
    return null;
  }
}

const authFailed = (description = "Client authentication failed.") => new OAuthError("invalid_client", description);

/**
 * The credentials of a request: HTTP Basic, or client_id + client_secret in the body — exactly one
 * of them (RFC 6749 §2.3: "MUST NOT use more than one authentication method in each request").
 * A request with no client authentication (a public client sends only client_id) is invalid_client.
 */
export function presentedCredentials(authorization: string | null, form: URLSearchParams): PresentedCredentials {
  const bodyId = param(form, "client_id");
  const bodySecret = form.get("client_secret");
  if (authorization !== null && authorization.trim() !== "") {
    if (bodySecret !== null) {
      throw new OAuthError("invalid_request", "Use one client authentication method: HTTP Basic or client_secret in the body, not both.");
    }
    const basic = parseBasicAuthorization(authorization);
    if (!basic) throw authFailed("The Authorization header is not HTTP Basic with form-urlencoded client_id and secret (RFC 6749 section 2.3.1).");
    // Some libraries also send client_id in the body with Basic; allowed when it names the same client.
    if (bodyId !== undefined && bodyId !== basic.id) throw new OAuthError("invalid_request", "client_id in the body differs from the HTTP Basic user name.");
    return { method: "client_secret_basic", ...basic };
  }
  if (bodySecret !== null) {
    if (bodyId === undefined) throw authFailed("client_secret is sent without client_id.");
    return { method: "client_secret_post", id: bodyId, secret: bodySecret };
  }
  throw authFailed(
    bodyId === undefined
      ? "Client authentication is required (client_secret_basic or client_secret_post)."
      : "Client authentication is required; a public client (no secret) cannot use this endpoint.",
  );
}

/** Checked when there is no real hash to check, so an unknown id costs the same work as a known one. */
const DUMMY: Pick<SecretRecord, "id" | "hash"> = { id: "", hash: hashSecret(randomBytes(32).toString("base64url")) };

/**
 * Which of `secrets` `secret` matches: its id, or null. Every hash is checked in constant time with
 * no early exit, so timing tells neither whether nor which secret matched; with no secrets, a dummy
 * is checked. (Secrets are 256-bit random: at most one can match.)
 */
export function matchingSecret(secret: string, secrets: readonly Pick<SecretRecord, "id" | "hash">[]): string | null {
  let matched: string | null = null;
  for (const candidate of secrets.length > 0 ? secrets : [DUMMY]) {
    const ok = verifySecret(secret, candidate.hash);
    if (ok && candidate !== DUMMY) matched = candidate.id;
  }
  return matched;
}

/** An authenticated client, and which of its secrets it proved (for the usage per secret). */
export type AuthenticatedClient = Omit<ClientRecord, "secrets"> & { secretId: string };

/**
 * The checks that follow a matching secret. Only a caller that proved it holds a secret of the
 * client learns why it is refused (wrong method, disabled, expired); everyone else reads the same
 * "Client authentication failed."
 */
function acceptClient(client: ClientRecord, secretId: string, method: SecretAuthMethod, now: Date): AuthenticatedClient {
  if (client.tokenEndpointAuthMethod !== method) {
    throw authFailed(
      client.tokenEndpointAuthMethod === "none"
        ? "This client is public (token_endpoint_auth_method none) and cannot authenticate with a secret."
        : `This client is registered for ${client.tokenEndpointAuthMethod}; authenticate with that method.`,
    );
  }
  const status = clientStatus(client, now);
  if (status !== "active") throw authFailed(status === "disabled" ? "The client is disabled." : "The client has expired.");
  const { secrets: _secrets, ...rest } = client;
  return { ...rest, secretId };
}

/**
 * Authenticates a client by its registered token_endpoint_auth_method: the secret is compared with
 * every active secret of the client (or a dummy for an unknown client), then the method and the
 * client's status are checked. Any failure is invalid_client (401).
 */
export async function authenticateClient(
  credentials: PresentedCredentials,
  now = new Date(),
  directory: Directory = databaseDirectory,
): Promise<AuthenticatedClient> {
  const client = await directory.client(credentials.id);
  const matched = matchingSecret(credentials.secret, client ? activeSecrets(client.secrets, now) : []);
  if (!client || matched === null) throw authFailed();
  return acceptClient(client, matched, credentials.method, now);
}

/** An authenticated introspection caller, and the secret it proved (for the usage per secret). */
export type IntrospectionCaller = ({ kind: "scope"; name: string } | { kind: "client"; clientId: string }) & { secretId: string };

/**
 * Authenticates an introspection caller: a scope (name + one of its active scope secrets; the
 * scope must be enabled) or a client (the same checks as the token endpoint). Both are looked up
 * and both checks run every time, so timing does not tell which kind of name exists. When a name
 * is both a scope and a client, a matching scope secret wins — secrets are 256-bit random, so
 * one secret cannot match both.
 */
export async function authenticateIntrospectionCaller(
  credentials: PresentedCredentials,
  now = new Date(),
  directory: Directory = databaseDirectory,
): Promise<IntrospectionCaller> {
  const [scope, client] = await Promise.all([directory.scope(credentials.id), directory.client(credentials.id)]);
  const scopeMatched = matchingSecret(credentials.secret, scope ? activeSecrets(scope.secrets, now) : []);
  const clientMatched = matchingSecret(credentials.secret, client ? activeSecrets(client.secrets, now) : []);
  if (scope && scopeMatched !== null) {
    if (!scope.enabled) throw authFailed("The scope is disabled.");
    return { kind: "scope", name: scope.name, secretId: scopeMatched };
  }
  if (client && clientMatched !== null) {
    return { kind: "client", clientId: acceptClient(client, clientMatched, credentials.method, now).clientId, secretId: clientMatched };
  }
  throw authFailed();
}
