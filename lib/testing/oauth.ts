// Test helpers for the OAuth endpoints: clients, scopes and secrets written straight to the test
// database, and requests built the way real OAuth libraries build them.
import { hashSecret } from "@/lib/secrets/secret";
import { prisma } from "@/lib/testing/db";

/** application/x-www-form-urlencoded encoding as oauth4webapi (openid-client) does it for Basic. */
export function formUrlEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[-_.!~*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/** An RFC 6749 §2.3.1 Basic header: each part form-urlencoded, then base64. */
export function basicHeader(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${formUrlEncode(id)}:${formUrlEncode(secret)}`, "utf8").toString("base64")}`;
}

export function formRequest(
  url: string,
  params: Record<string, string>,
  {
    basic,
    headers = {},
    contentType = "application/x-www-form-urlencoded",
  }: { basic?: [string, string]; headers?: Record<string, string>; contentType?: string } = {},
): Request {
  return new Request(url, {
    method: "POST",
    headers: { "Content-Type": contentType, ...(basic ? { Authorization: basicHeader(...basic) } : {}), ...headers },
    body: new URLSearchParams(params).toString(),
  });
}

let n = 0;

export async function createProfile(identifier = `Profile${++n}`) {
  return prisma.profile.create({ data: { identifier, displayName: identifier } });
}

export async function createScope(name: string, enabled = true) {
  return prisma.scope.create({ data: { name, displayName: name, enabled } });
}

type SecretSpec = { value: string; revoked?: boolean; expiresAt?: Date | null };

export async function addSecret(owner: { clientInternalId: string } | { scopeId: string }, { value, revoked = false, expiresAt = null }: SecretSpec) {
  return prisma.secret.create({
    data: {
      ...owner,
      hash: hashSecret(value),
      hint: value.slice(-4),
      createdBy: "test",
      expiresAt,
      revokedAt: revoked ? new Date() : null,
      revokedBy: revoked ? "test" : null,
    },
    select: { id: true },
  });
}

export async function createOAuthClient(options: {
  clientId: string;
  profileId: string;
  flow?: string;
  method?: string;
  alg?: "ES256" | "RS256";
  enabled?: boolean;
  expiresAt?: Date | null;
  profileContextId?: number | null;
  adminApiRole?: "Owner" | "Editor" | "Auditor" | null;
  scopeIds?: string[];
  secrets?: SecretSpec[];
}) {
  const client = await prisma.client.create({
    data: {
      clientId: options.clientId,
      displayName: options.clientId,
      redirectUris: [],
      postLogoutRedirectUris: [],
      flow: options.flow ?? "ClientCredentials",
      idTokenSignedResponseAlg: options.alg ?? "RS256",
      tokenEndpointAuthMethod: options.method ?? "client_secret_basic",
      profileId: options.profileId,
      profileContextId: options.profileContextId ?? null,
      adminApiRole: options.adminApiRole ?? null,
      enabled: options.enabled ?? true,
      expiresAt: options.expiresAt ?? null,
      scopes: { create: (options.scopeIds ?? []).map((scopeId) => ({ scopeId })) },
    },
  });
  for (const secret of options.secrets ?? []) await addSecret({ clientInternalId: client.id }, secret);
  return client;
}

export const HOUR = 3600_000;
