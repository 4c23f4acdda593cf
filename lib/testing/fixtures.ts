import type { CreateClientInput } from "@/lib/clients/schema";
import type { Prisma } from "@/lib/generated/prisma/client";

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
