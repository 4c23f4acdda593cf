// The values a client's fields may take: shared by the schema (lib/clients/schema.ts) and the form,
// which lists them without loading zod (components/ui/lazy-resolver.ts).
export const CLIENT_FLOWS = ["ClientCredentials", "AuthorizationCode", "Hybrid", "Implicit"] as const;
export const ID_TOKEN_SIGNING_ALGS = ["ES256", "RS256"] as const;
export const TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"] as const;

export type ClientFlow = (typeof CLIENT_FLOWS)[number];
export type TokenEndpointAuthMethod = (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number];
