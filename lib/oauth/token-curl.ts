import "server-only";
import { prisma } from "@/lib/db/prisma";
import { endpoints } from "./discovery";

/** The scopes a token gets when `scope` is left out: the client's allowed, enabled scopes. */
export async function defaultScopeNames(clientInternalId: string): Promise<string[]> {
  const rows = await prisma.clientScope.findMany({
    where: { clientInternalId, scope: { enabled: true } },
    select: { scope: { select: { name: true } } },
  });
  return rows.map((r) => r.scope.name).sort();
}

export type TokenCurlInput = {
  issuer: string;
  clientId: string;
  tokenEndpointAuthMethod: string;
  scopes: string[];
};

/**
 * Ready-to-run curl commands: one that gets a token with the client's registered authentication
 * method, one that calls the admin API with it. The secret is never in them: the shell fills in
 * $CLIENT_SECRET (double quotes) at run time. `curl -u` does not form-urlencode, which is right
 * here: client ids use only unreserved characters and generated secrets are base64url.
 * Scope names (letters, digits and . _ - : /) are safe in single quotes.
 */
export function tokenCurlCommands({ issuer, clientId, tokenEndpointAuthMethod, scopes }: TokenCurlInput): { token: string; api: string } {
  const urls = endpoints(issuer);
  const auth =
    tokenEndpointAuthMethod === "client_secret_post"
      ? [`-d client_id=${clientId}`, `--data-urlencode "client_secret=$CLIENT_SECRET"`]
      : [`-u "${clientId}:$CLIENT_SECRET"`];
  const lines = [...auth, "-d grant_type=client_credentials", ...(scopes.length > 0 ? [`--data-urlencode 'scope=${scopes.join(" ")}'`] : []), urls.token];
  return {
    token: `curl ${lines.join(" \\\n  ")}`,
    api: `curl -H "Authorization: Bearer $ACCESS_TOKEN" \\\n  ${issuer}/api/v0/oidc/clients`,
  };
}
