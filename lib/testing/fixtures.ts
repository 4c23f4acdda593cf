import type { CreateClientInput } from "@/lib/clients/schema";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ActionResult } from "@/lib/actions/result";
import { isProposed, type Proposed } from "@/lib/change-requests/proposed";

let n = 0;

/** The create-client form's values for a valid ClientCredentials client, with overrides. */
export function clientFormInput(profileId: string, overrides: Partial<CreateClientInput> = {}): CreateClientInput {
  n += 1;
  return {
    clientId: `client-${n}`,
    displayName: `Client ${n}`,
    description: "",
    redirectUris: "",
    postLogoutRedirectUris: "",
    flow: "ClientCredentials",
    idTokenSignedResponseAlg: "RS256",
    tokenEndpointAuthMethod: "client_secret_basic",
    profileId,
    profileContextId: "",
    expiresAt: "",
    enabled: true,
    firstParty: false,
    ...overrides,
  };
}

/**
 * A client row to write straight to the database, for tests that need clients to exist rather
 * than tests of creating one (those go through the action, with clientFormInput): a
 * ClientCredentials client of `profileId`, named after its client_id, with overrides.
 */
export function clientRow(clientId: string, profileId: string, overrides: Partial<Prisma.ClientUncheckedCreateInput> = {}): Prisma.ClientUncheckedCreateInput {
  return {
    clientId,
    displayName: clientId,
    redirectUris: [],
    postLogoutRedirectUris: [],
    flow: "ClientCredentials",
    idTokenSignedResponseAlg: "ES256",
    tokenEndpointAuthMethod: "client_secret_basic",
    profileId,
    ...overrides,
  };
}

/** A client action's data when it changed the client directly; throws on a refusal or a change request. */
export function applied<T>(result: ActionResult<T | Proposed>): Exclude<T, Proposed> {
  if (!result.ok) throw new Error(`refused: ${result.message} ${JSON.stringify(result.fieldErrors ?? {})}`);
  if (isProposed(result.data)) throw new Error(`became change request ${result.data.proposed.requestId}`);
  return result.data as Exclude<T, Proposed>;
}
