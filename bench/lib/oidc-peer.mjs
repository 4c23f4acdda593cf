// oidc-provider 9 as the token benchmark's peer: client_credentials with client_secret_basic, JWT
// access tokens (RFC 9068, as the portal issues) signed ES256 or RS256 per resource server, and
// introspection (of opaque tokens: oidc-provider does not introspect its own JWTs).
//   node bench/lib/oidc-peer.mjs <port> <client secret> [n]   (started by bench/token.mjs; n more ES256
//   clients named many-0 … many-<n-1>, for the many-clients rows)
import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import Provider from "oidc-provider";

const [port, SECRET, many = "0"] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const keys = ["ES256", "RS256"].map((alg) => {
  const { privateKey } = alg === "ES256" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), alg, use: "sig", kid: alg };
});
const client = (id) => ({
  client_id: id,
  client_secret: SECRET,
  grant_types: ["client_credentials"],
  response_types: [],
  redirect_uris: [],
  token_endpoint_auth_method: "client_secret_basic",
  scope: "orders.read",
});
const provider = new Provider(issuer, {
  clients: [client("bench-es256"), client("bench-rs256"), ...Array.from({ length: Number(many) }, (_, i) => client(`many-${i}`))],
  jwks: { keys },
  scopes: ["orders.read"],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: (_ctx, c) => (c.clientId === "bench-rs256" ? "urn:bench:rs256" : "urn:bench:es256"),
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => ({
        scope: "orders.read",
        audience: resource,
        accessTokenTTL: 3600,
        ...(resource === "urn:bench:opaque"
          ? { accessTokenFormat: "opaque" }
          : { accessTokenFormat: "jwt", jwt: { sign: { alg: resource === "urn:bench:rs256" ? "RS256" : "ES256" } } }),
      }),
    },
  },
});
const server = http.createServer(provider.callback());
server.keepAliveTimeout = 65_000;
server.listen(Number(port), "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
