import { describe, expect, it } from "vitest";
import { CLIENT_FILTER_KEYS, CLIENT_SORTS, activeFilterCount, clientListHref, clientListQuerySchema } from "./list-query";
import { CLIENT_FLOWS, TOKEN_ENDPOINT_AUTH_METHODS } from "./vocabulary";

const parse = (search: string) => clientListQuerySchema.parse(Object.fromEntries(new URLSearchParams(search)));
const defaults = clientListQuerySchema.parse({});

describe("the clients list's URL", () => {
  it("round-trips every filter and sort: URL → query → URL", () => {
    const search =
      "q=orders&profile=p1&context=-2&status=active&enabled=yes&flow=AuthorizationCode&auth=none&type=public&scope=s1&owner=team-orders&host=example.com&attention=expires-7&unused=never&sort=profile&dir=asc&page=3&size=50";
    const query = parse(search);
    expect(query).toEqual({
      q: "orders",
      profile: "p1",
      context: "-2",
      status: "active",
      enabled: "yes",
      flow: "AuthorizationCode",
      auth: "none",
      type: "public",
      scope: "s1",
      owner: "team-orders",
      host: "example.com",
      attention: "expires-7",
      unused: "never",
      sort: "profile",
      dir: "asc",
      page: 3,
      size: 50,
    });
    const href = clientListHref(query, {});
    expect(href).toBe(`/clients?${search}`);
    expect(parse(href.split("?")[1]!)).toEqual(query);
    expect(activeFilterCount(query)).toBe(13);
  });

  it("leaves defaults out, so the plain list is /clients", () => {
    expect(clientListHref(defaults, {})).toBe("/clients");
    expect(clientListHref(defaults, { flow: "Hybrid", page: 1 })).toBe("/clients?flow=Hybrid");
    expect(activeFilterCount(defaults)).toBe(0);
  });

  it("falls back to no filter (never an error) for values it does not know", () => {
    const query = parse(
      "context=abc&enabled=maybe&flow=Password&auth=private_key_jwt&type=secret&unused=12&status=gone&attention=expires-2&sort=secret&dir=up&page=-1&size=7&owner=" +
        "x".repeat(201) +
        "&host=" +
        "h".repeat(254),
    );
    expect(query).toEqual(defaults);
    // A parameter given twice: the first counts.
    expect(clientListQuerySchema.parse({ flow: ["Hybrid", "Implicit"] }).flow).toBe("Hybrid");
    expect(() => clientListQuerySchema.parse({ flow: { nested: 1 }, context: 1.5, page: "NaN" })).not.toThrow();
  });

  it("offers the model's own flows and auth methods, and sorts every column", () => {
    for (const flow of CLIENT_FLOWS) expect(parse(`flow=${flow}`).flow).toBe(flow);
    for (const auth of TOKEN_ENDPOINT_AUTH_METHODS) expect(parse(`auth=${auth}`).auth).toBe(auth);
    for (const sort of CLIENT_SORTS) expect(parse(`sort=${sort}`).sort).toBe(sort);
    expect(CLIENT_FILTER_KEYS).not.toContain("sort");
    expect(CLIENT_FILTER_KEYS).toContain("host");
  });
});
