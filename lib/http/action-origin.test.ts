import { describe, expect, it } from "vitest";
import { isForeignServerAction } from "./action-origin";

const action = { "next-action": "7f00aa", "content-type": "text/plain;charset=UTF-8", host: "portal.example:3000" };

describe("isForeignServerAction", () => {
  it("refuses a server action whose Origin names another host", () => {
    expect(isForeignServerAction("POST", { ...action, origin: "https://evil.example" })).toBe(true);
    expect(isForeignServerAction("POST", { ...action, origin: "http://portal.example:3001" })).toBe(true);
    expect(isForeignServerAction("POST", { ...action, origin: "null" })).toBe(true);
    expect(isForeignServerAction("POST", { ...action, origin: "not a url" })).toBe(true);
  });

  it("refuses a foreign multipart form post (a server action without JavaScript)", () => {
    const headers = { "content-type": "multipart/form-data; boundary=x", host: "portal.example:3000", origin: "https://evil.example" };
    expect(isForeignServerAction("POST", headers)).toBe(true);
  });

  it("lets same-origin actions, Origin-less requests, other methods and url-encoded posts through", () => {
    expect(isForeignServerAction("POST", { ...action, origin: "http://portal.example:3000" })).toBe(false);
    expect(isForeignServerAction("POST", action)).toBe(false);
    expect(isForeignServerAction("GET", { ...action, origin: "https://evil.example" })).toBe(false);
    // A provider's form_post answer to /signin-{provider} is a cross-site url-encoded POST.
    const formPost = { "content-type": "application/x-www-form-urlencoded", host: "portal.example:3000", origin: "https://idp.example" };
    expect(isForeignServerAction("POST", formPost)).toBe(false);
  });

  it("compares with X-Forwarded-Host first, as Next.js does", () => {
    const proxied = { ...action, host: "10.0.0.5:3000", "x-forwarded-host": "portal.example, 10.0.0.5" };
    expect(isForeignServerAction("POST", { ...proxied, origin: "https://portal.example" })).toBe(false);
    expect(isForeignServerAction("POST", { ...proxied, origin: "http://10.0.0.5:3000" })).toBe(true);
  });
});
