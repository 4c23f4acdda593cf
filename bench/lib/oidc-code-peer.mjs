// oidc-provider 9 for the end-user benchmarks, in two roles:
// - the authorization-code benchmark's peer: a web app `bench-web` (authorization_code with PKCE,
//   client_secret_basic, ES256 ID tokens), its sessions made once through the interaction below;
// - the portal's upstream identity provider: the client `portal-bench`, whose redirect URIs are the
//   portal's `{portal}/signin-{name}` for the provider names the benchmarks configure.
// Its interaction has no page: it signs in the next account (person-1, person-2, …, each
// person-<n>@example.test, verified) and grants what the client asked for, at once.
//   node bench/lib/oidc-code-peer.mjs <portal URL> <client secret> <provider names, comma-separated>
//   (started by bench/lib/end-users.mjs; it listens on a free loopback port and prints its URL)
import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import Provider from "oidc-provider";

const [portal, SECRET, names = ""] = process.argv.slice(2);
const server = http.createServer();
server.keepAliveTimeout = 65_000;
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
const keys = ["ES256", "RS256"].map((alg) => {
  const { privateKey } = alg === "ES256" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), alg, use: "sig", kid: alg };
});

let accounts = 0;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "bench-web",
      client_secret: SECRET,
      redirect_uris: ["http://127.0.0.1:9/callback"],
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_basic",
      id_token_signed_response_alg: "ES256",
    },
    {
      client_id: "portal-bench",
      client_secret: SECRET,
      redirect_uris: names.split(",").map((name) => `${portal}/signin-${name}`),
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  jwks: { keys },
  async findAccount(_ctx, id) {
    return { accountId: id, claims: async () => ({ sub: id, email: `${id}@example.test`, email_verified: true, name: id, preferred_username: id }) };
  },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "preferred_username"] },
  // As the portal: the claims of the granted scopes in the ID token too, auth_time in every one.
  conformIdTokenClaims: false,
  clientDefaults: { require_auth_time: true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => true },
});
provider.proxy = false;

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === "login") {
    return provider.interactionFinished(req, res, { login: { accountId: `person-${++accounts}` } }, { mergeWithLastSubmission: false });
  }
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  if (details.prompt.details.missingOIDCScope) grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(" "));
  if (details.prompt.details.missingOIDCClaims) grant.addOIDCClaims(details.prompt.details.missingOIDCClaims);
  return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
}

const callback = provider.callback();
server.on("request", (req, res) => {
  if (req.url.startsWith("/interaction/")) {
    interaction(req, res).catch((error) => {
      console.error("peer interaction:", error);
      res.writeHead(500).end();
    });
  } else callback(req, res);
});
console.log(issuer);
process.on("SIGTERM", () => process.exit(0));
