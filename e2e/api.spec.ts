import { expectNoAxeViolations } from "./a11y";
import { createClientInPortal, expect, SCREENSHOTS, test, tokenCall, uniqueName } from "./fixtures";

test("the API docs page lists the endpoints from the OpenAPI document", async ({ page, request }) => {
  // One operation on the page per method of every path in the document the API serves.
  const document = (await (await request.get("/api/v0/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
  const METHODS = ["get", "put", "post", "delete", "patch"];
  const operations = Object.values(document.paths).flatMap((path) => Object.keys(path).filter((key) => METHODS.includes(key)));
  expect(operations.length).toBeGreaterThan(18);
  await page.goto("/");
  await page.getByRole("navigation").getByRole("link", { name: "API docs" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "API docs" })).toBeVisible();

  const endpoints = page.getByTestId("api-operation");
  await expect(endpoints).toHaveCount(operations.length);
  await expect(page.getByRole("heading", { level: 2, name: "Clients" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Scopes" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "GET /api/v0/oidc/clients/{id}", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "DELETE /api/v0/scopes/{id}/secrets/{secretId}", exact: true })).toBeVisible();
  const rotate = endpoints.filter({ has: page.getByRole("heading", { name: "POST /api/v0/oidc/clients/{id}/secrets/{secretId}/rotate", exact: true }) });
  await expect(rotate).toContainText("Request body (optional)");

  await page.screenshot({ path: `${SCREENSHOTS}/api-docs.png` });

  const create = endpoints.filter({ has: page.getByRole("heading", { name: "POST /api/v0/oidc/clients", exact: true }) });
  const schema = create.getByLabel("Request body schema ClientCreate");
  await expect(schema).toBeHidden();
  await create.getByText("Request body").click();
  await expect(schema).toContainText('"redirect_uris"');
  await expect(schema).toContainText('"token_endpoint_auth_method"');
  await expectNoAxeViolations(page);
  await create.screenshot({ path: `${SCREENSHOTS}/api-docs-create-client.png` });
});

test("the API is outside the session proxy: openapi.json is public, calls need a bearer token", async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const doc = await anonymous.get("/api/v0/openapi.json");
  expect(doc.status()).toBe(200);
  expect((await doc.json()).openapi).toBe("3.1.0");

  const list = await anonymous.get("/api/v0/oidc/clients", { maxRedirects: 0 });
  expect(list.status()).toBe(401);
  expect(list.headers()["www-authenticate"]).toBe('Bearer realm="portal"');
  const bad = await anonymous.get("/api/v0/oidc/clients", { headers: { authorization: "Bearer nope" }, maxRedirects: 0 });
  expect(bad.status()).toBe(401);
  expect(bad.headers()["www-authenticate"]).toContain('error="invalid_token"');
  await anonymous.dispose();
});

test("a client created in the portal gets a token and creates a client through the API", async ({ page, playwright, baseURL }) => {
  const clientId = uniqueName("automation");
  // Its own grant (ADR 008): the profile alone gives no access to the admin API.
  const secret = await createClientInPortal(page, { clientId, displayName: "Automation", adminApiAccess: "Owner" });

  const api = await playwright.request.newContext({ baseURL });
  const token = await tokenCall(api, clientId, secret);
  expect(token.status()).toBe(200);
  const { access_token } = await token.json();

  const created = await api.post("/api/v0/oidc/clients", {
    headers: { authorization: `Bearer ${access_token}` },
    data: {
      name: "Test App",
      redirect_uris: ["https://example.com/callback"],
      id_token_signed_response_alg: "RS256",
      token_endpoint_auth_method: "client_secret_basic",
    },
  });
  expect(created.status()).toBe(201);
  const body = await created.json();
  expect(body.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await api.dispose();

  // The new client is in the portal, and the audit log names the API client as the actor.
  await page.goto(`/clients/${body.id}`);
  await expect(page.getByRole("heading", { level: 1, name: body.client_id })).toBeVisible();
  await page.goto(`/audit?target=${encodeURIComponent(body.id)}`);
  await expect(page.getByRole("main")).toContainText(clientId);
});
