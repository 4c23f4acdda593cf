// Test helpers live in lib/testing and are imported by tests only: what app/, components/ and the
// rest of lib/ ship never reaches a helper that writes straight to the database.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" || rel === path.join("lib", "testing") ? [] : sources(rel);
    return /\.(tsx?|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

const importsTestHelper = (source: string) => /["'](@\/lib\/testing\/|(\.\.?\/)+(lib\/)?testing\/)[^"']*["']|["'][^"']*\/test-data["']/.test(source);

describe("test helpers", () => {
  it("recognizes an import of a test helper (the check can fail)", () => {
    expect(importsTestHelper(`import { createOAuthClient } from "@/lib/testing/oauth";`)).toBe(true);
    expect(importsTestHelper(`import { prisma } from "../testing/db";`)).toBe(true);
    expect(importsTestHelper(`import { formRequest } from "./test-data";`)).toBe(true);
    expect(importsTestHelper(`import { prisma } from "@/lib/db/prisma";`)).toBe(false);
  });

  it("no module of app/, components/ or lib/ outside lib/testing imports one, and none is left outside it", () => {
    const files = [...sources("app"), ...sources("components"), ...sources("lib")];
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((file) => /test-data|fixtures?\.tsx?$/.test(path.basename(file))), "move test helpers to lib/testing").toEqual([]);
    const offenders = files.filter((file) => importsTestHelper(fs.readFileSync(path.join(root, file), "utf8")));
    expect(offenders, "only tests (*.test.ts) and lib/testing may import lib/testing").toEqual([]);
  });
});
