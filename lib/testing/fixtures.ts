import type { CreateClientInput } from "@/lib/clients/schema";

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
    ...overrides,
  };
}
