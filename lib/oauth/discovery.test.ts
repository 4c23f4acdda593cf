import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createEngine } from "@/lib/end-users/engine/provider";
import { databaseDirectory } from "./directory";
import { prisma } from "@/lib/testing/db";
import { issuer } from "./config";
import { discoveryDocument } from "./discovery";
import { tokenCurlCommands } from "./token-curl";

describe("discovery document", () => {
  it("describes the server under the issuer, listing enabled scopes only", async () => {
    await prisma.scope.create({ data: { name: "orders.read", displayName: "Read" } });
    await prisma.scope.create({ data: { name: "orders.off", displayName: "Off", enabled: false } });
    const doc = await discoveryDocument();
    const iss = issuer();
    expect(doc).toMatchObject({
      issuer: iss,
      authorization_endpoint: `${iss}/oauth/authorize`,
      token_endpoint: `${iss}/oauth/token`,
      userinfo_endpoint: `${iss}/oauth/userinfo`,
      revocation_endpoint: `${iss}/oauth/revoke`,
      end_session_endpoint: `${iss}/oauth/logout`,
      introspection_endpoint: `${iss}/oauth/introspect`,
      jwks_uri: `${iss}/.well-known/jwks.json`,
      service_documentation: `${iss}/docs/api`,
      response_types_supported: ["code", "code id_token"],
      grant_types_supported: ["authorization_code", "client_credentials", "implicit", "refresh_token"],
      code_challenge_methods_supported: ["S256"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
      introspection_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      id_token_signing_alg_values_supported: ["ES256", "RS256"],
    });
    expect(doc.scopes_supported).toContain("orders.read");
    expect(doc.scopes_supported).toContain("offline_access");
    expect(doc.scopes_supported).not.toContain("orders.off");
  });

  it("says what the end-user engine says of itself, for everything the engine answers", async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const iss = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const provider = await createEngine({ issuer: iss, directory: databaseDirectory, env: process.env }, () => 0)();
    server.on("request", provider.callback());
    try {
      const engine = await (await fetch(`${iss}/.well-known/openid-configuration`)).json();
      const ours = await discoveryDocument(iss);
      const sorted = (value: unknown) => (Array.isArray(value) ? [...value].sort() : value);
      for (const key of [
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "revocation_endpoint",
        "end_session_endpoint",
        "response_types_supported",
        "response_modes_supported",
        "code_challenge_methods_supported",
        "token_endpoint_auth_methods_supported",
        "id_token_signing_alg_values_supported",
        "subject_types_supported",
        "claims_parameter_supported",
        "request_uri_parameter_supported",
      ] as const) {
        expect({ key, value: sorted(ours[key]) }).toEqual({ key, value: sorted(engine[key]) });
      }
      // Ours adds client_credentials (the portal's own token handler) to the engine's grants.
      expect(ours.grant_types_supported).toEqual([...new Set([...engine.grant_types_supported, "client_credentials"])].sort());
      expect(ours.claims_supported).toEqual([...engine.claims_supported].sort());
    } finally {
      server.close();
    }
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
