import { describe, expect, it } from "vitest";
import { databaseKind, resolveDatabaseUrl } from "./database-url.mjs";

describe("resolveDatabaseUrl", () => {
  it("defaults to the embedded SQLite file under the project", () => {
    expect(resolveDatabaseUrl({}, "/srv/portal")).toBe("file:/srv/portal/data/portal.db");
  });

  it("resolves a relative SQLite path against the project and keeps absolute ones", () => {
    expect(resolveDatabaseUrl({ DATABASE_URL: "file:./tmp/x.db" }, "/srv/portal")).toBe("file:/srv/portal/tmp/x.db");
    expect(resolveDatabaseUrl({ DATABASE_URL: "file:/var/lib/p.db" }, "/srv/portal")).toBe("file:/var/lib/p.db");
  });

  it("passes PostgreSQL URLs through", () => {
    const url = "postgresql://u:p@localhost:5432/portal";
    expect(resolveDatabaseUrl({ DATABASE_URL: url }, "/x")).toBe(url);
    expect(databaseKind(url)).toBe("postgresql");
  });

  it("refuses unknown schemes", () => {
    expect(() => databaseKind("mysql://x")).toThrow(/Unsupported DATABASE_URL/);
  });
});
