// One way to link: every module links through components/ui/link.tsx, which prefetches a page only
// when the admin shows intent. A direct next/link import would bring back viewport prefetching
// (dozens of per-admin server requests per page view on a table page).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const THE_LINK = "components/ui/link.tsx";

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sources(rel);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

const importsNextLink = (source: string) => /\bfrom\s+["']next\/link["']|import\(\s*["']next\/link["']\s*\)/.test(source);

describe("links", () => {
  it("recognizes a next/link import (the check can fail)", () => {
    expect(importsNextLink(`import Link from "next/link";`)).toBe(true);
    expect(importsNextLink(`import { Link } from "@/components/ui/link";`)).toBe(false);
    expect(importsNextLink(fs.readFileSync(path.join(root, THE_LINK), "utf8"))).toBe(true);
  });

  it("no other module of app/, components/ or lib/ imports next/link", () => {
    const files = [...sources("app"), ...sources("components"), ...sources("lib")];
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.filter((file) => file !== THE_LINK && importsNextLink(fs.readFileSync(path.join(root, file), "utf8")));
    expect(offenders, "import { Link } from \"@/components/ui/link\" instead").toEqual([]);
  });
});
