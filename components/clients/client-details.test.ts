// The client page's and the hand-over sheet's details (client-details.tsx): every setting declared
// for a view shows up once, with its declared label and look, whether the layout names it or not.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CLIENT_MODEL, detailFields, type ClientRow } from "@/lib/clients/model";
import { ClientDetails, OTHER_DETAILS, type DetailEntry } from "./client-details";

const client: ClientRow = {
  displayName: "Orders web",
  description: "The orders front end",
  redirectUris: ["https://orders.example/cb", "https://orders.example/cb2"],
  postLogoutRedirectUris: [],
  flow: "AuthorizationCode",
  idTokenSignedResponseAlg: "ES256",
  tokenEndpointAuthMethod: "client_secret_post",
  owners: ["Team Orders", "lead@example.com"],
  contacts: [],
  documentationUrl: "https://wiki.example.com/orders",
  profileContextId: null,
  adminApiRole: null,
  expiresAt: null,
  enabled: true,
  firstParty: false,
  profile: { identifier: "Officer" },
  scopes: [{ scope: { name: "orders.read" } }, { scope: { name: "openid" } }],
};

const render = (view: "page" | "sheet", layout: DetailEntry[]) => renderToStaticMarkup(createElement(ClientDetails, { client, view, layout }));
/** The labels of the rendered rows, in order. */
const labels = (html: string) => [...html.matchAll(/<dt[^>]*>([^<]*)<\/dt>/g)].map((m) => m[1]!.trim());
const valueOf = (html: string, testId: string) => new RegExp(`data-testid="${testId}">([^]*?)</dd>`).exec(html)?.[1];

describe("ClientDetails", () => {
  it("shows every setting declared for the sheet once: those the layout names where it names them, the others at OTHER_DETAILS", () => {
    const html = render("sheet", [{ label: "Client ID", value: "orders-web" }, "flow", OTHER_DETAILS, { label: "Secret", value: "apart" }]);
    const declared = detailFields("sheet").filter((f) => f !== "flow");
    expect(declared.length).toBeGreaterThan(5);
    expect(labels(html)).toEqual(["Client ID", "Flow", ...declared.map((f) => CLIENT_MODEL[f].label), "Secret"]);
  });

  it("the client page shows only the settings declared for it", () => {
    const html = render("page", [OTHER_DETAILS]);
    expect(labels(html)).toEqual(detailFields("page").map((f) => CLIENT_MODEL[f].label));
    expect(labels(html)).toContain("Owners");
    expect(labels(html)).not.toContain("Redirect URIs");
  });

  it("reads each value as declared: lists by line on the sheet and by comma on the page, none, never, code, words", () => {
    const sheet = render("sheet", [OTHER_DETAILS]);
    expect(valueOf(sheet, "client-owners")).toBe("Team Orders\nlead@example.com");
    expect(valueOf(sheet, "client-contacts")).toBe("none");
    expect(valueOf(sheet, "client-expires-at")).toBe("never");
    expect(valueOf(sheet, "client-token-endpoint-auth-method")).toBe('<code class="font-mono">client_secret_post</code>');
    expect(valueOf(sheet, "client-scopes")).toBe("openid orders.read");
    expect(valueOf(render("page", [OTHER_DETAILS]), "client-owners")).toBe("Team Orders, lead@example.com");
  });
});
