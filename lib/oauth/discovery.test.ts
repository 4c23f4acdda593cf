import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/testing/db";
import { issuer } from "./config";
import { discoveryDocument } from "./discovery";
import { tokenCurlCommands } from "./token-curl";

describe("discovery document", () => {
  it("describes the client_credentials server under the issuer, listing enabled scopes only", async () => {
    await prisma.scope.create({ data: { name: "orders.read", displayName: "Read" } });
    await prisma.scope.create({ data: { name: "orders.off", displayName: "Off", enabled: false } });
    const doc = await discoveryDocument();
    const iss = issuer();
    expect(doc).toMatchObject({
      issuer: iss,
      token_endpoint: `${iss}/oauth/token`,
      introspection_endpoint: `${iss}/oauth/introspect`,
      jwks_uri: `${iss}/.well-known/jwks.json`,
      service_documentation: `${iss}/docs/api`,
      response_types_supported: [],
      grant_types_supported: ["client_credentials"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      introspection_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      id_token_signing_alg_values_supported: ["ES256", "RS256"],
    });
    expect(doc.scopes_supported).toContain("orders.read");
    expect(doc.scopes_supported).not.toContain("orders.off");
  });
});

describe("token curl commands", () => {
  const base = { issuer: "https://portal.example", clientId: "orders-api", scopes: ["orders.read", "orders.write"] };

  it("uses HTTP Basic for a client_secret_basic client, with the secret as a shell variable", () => {
    const { token, api } = tokenCurlCommands({ ...base, tokenEndpointAuthMethod: "client_secret_basic" });
    expect(token).toBe(
      [
        `curl -u "orders-api:$CLIENT_SECRET" \\`,
        `  -d grant_type=client_credentials \\`,
        `  --data-urlencode 'scope=orders.read orders.write' \\`,
        `  https://portal.example/oauth/token`,
      ].join("\n"),
    );
    expect(api).toBe(`curl -H "Authorization: Bearer $ACCESS_TOKEN" \\\n  https://portal.example/api/v0/oidc/clients`);
  });

  it("sends client_id and client_secret in the body for a client_secret_post client; no scope line without scopes", () => {
    const { token } = tokenCurlCommands({ ...base, scopes: [], tokenEndpointAuthMethod: "client_secret_post" });
    expect(token).toBe(
      [
        `curl -d client_id=orders-api \\`,
        `  --data-urlencode "client_secret=$CLIENT_SECRET" \\`,
        `  -d grant_type=client_credentials \\`,
        `  https://portal.example/oauth/token`,
      ].join("\n"),
    );
  });
});
