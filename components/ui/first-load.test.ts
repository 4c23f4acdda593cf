// A page's first-visit JavaScript is every module its client components import, transitively.
// zod (and so every schema module) and Radix's dialogs are most of a form page's weight; they are
// fetched at the first interaction instead (components/ui/lazy-resolver.ts, components/ui/dialog.tsx).
// This test follows the static imports of every client component ("use client") and fails when one
// of them reaches those packages other than through a dynamic import().
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
// next/dynamic is here too: its loader code (~2.5 kB gzip) outweighs what it saves for our dialogs;
// components/ui/dialog.tsx fetches them with a plain import().
const HEAVY = ["zod", "@hookform/resolvers/zod", "@radix-ui/react-dialog", "@radix-ui/react-alert-dialog", "next/dynamic"];
/** The modules allowed to import them: loaded only through import() from the lazy wrappers. */
const LAZY_ENTRIES = new Set(["components/ui/radix-dialog.tsx"]);

function walk(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "generated" ? [] : walk(rel);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

/** Static, non-type imports of a module (`import … from`, `export … from`, bare `import "x"`). */
export function staticImports(source: string): string[] {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const specifiers: string[] = [];
  const pattern = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?["']([^"']+)["']/g;
  for (const match of withoutComments.matchAll(pattern)) {
    if (match[2]) continue; // import type / export type: erased
    specifiers.push(match[3]!);
  }
  return specifiers;
}

function resolveLocal(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/")
    ? path.join(root, specifier.slice(2))
    : specifier.startsWith(".")
      ? path.resolve(path.dirname(path.join(root, from)), specifier)
      : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.mjs`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return path.relative(root, candidate);
  }
  return null;
}

/** The chain of imports from `file` to a heavy package, or null. */
function heavyChain(file: string, heavy: string[] = HEAVY, seen = new Set<string>()): string[] | null {
  if (seen.has(file)) return null;
  seen.add(file);
  const source = fs.readFileSync(path.join(root, file), "utf8");
  // A "use server" module reaches the browser as references to its actions, not as code.
  if (seen.size > 1 && /^["']use server["']/m.test(source)) return null;
  for (const specifier of staticImports(source)) {
    if (heavy.includes(specifier)) return [file, specifier];
    const local = resolveLocal(file, specifier);
    if (!local || LAZY_ENTRIES.has(local)) continue;
    const chain = heavyChain(local, heavy, seen);
    if (chain) return [file, ...chain];
  }
  return null;
}

const clientComponents = [...walk("app"), ...walk("components")].filter(
  (file) => !LAZY_ENTRIES.has(file) && /^["']use client["']/m.test(fs.readFileSync(path.join(root, file), "utf8")),
);

/**
 * Pages whose forms open only in a dialog: the form, and react-hook-form with it (13 kB gzip), is
 * fetched with the dialog (components/ui/on-demand.ts), which keeps these pages under 150 kB.
 */
const DIALOG_FORMS = ["components/scopes/new-scope-button.tsx", "components/profiles/profiles-section.tsx", "components/profiles/profile-contexts-section.tsx"];

/**
 * Pages that open with a form render it through components/form-islands.ts: server-rendered, its
 * code (react-hook-form among it, 13 kB gzip) fetched at the first interaction. Only these pages
 * still load react-hook-form with the page: each stays under 150 kB (bench/first-load.mjs).
 */
// Pages whose form is the whole point of the visit (one types into it at once): sign-in, its second
// step, an invitation link; and the account and admins pages, whose forms sit in the page itself.
const PAGES_WITH_REACT_HOOK_FORM = new Set([
  "app/sign-in/page.tsx",
  "app/mfa/page.tsx",
  "app/(portal)/account/page.tsx",
  "app/(portal)/admins/page.tsx",
  "app/invitation/[token]/page.tsx",
]);
const pages = walk("app").filter((file) => /\/page\.tsx$/.test(file));

/** The client components a server module renders: followed through server modules, not into the client ones. */
function clientEntries(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const source = fs.readFileSync(path.join(root, file), "utf8");
  if (seen.size > 1 && /^["']use client["']/m.test(source)) return [file];
  if (seen.size > 1 && /^["']use server["']/m.test(source)) return [];
  return staticImports(source).flatMap((specifier) => {
    const local = resolveLocal(file, specifier);
    return local ? clientEntries(local, seen) : [];
  });
}

/** The root boundaries (not-found, forbidden, error) ship with every route, the sign-in page too. */
const rootBoundaries = fs
  .readdirSync(path.join(root, "app"))
  .filter((name) => /^(not-found|forbidden|unauthorized|error|global-error)\.tsx$/.test(name))
  .map((name) => `app/${name}`);

describe("first-visit JavaScript", () => {
  it("finds the client components and reads imports the way bundlers do", () => {
    expect(clientComponents.length).toBeGreaterThan(10);
    expect(
      staticImports(`import { z } from "zod";\nimport type { X } from "./x";\nexport { y } from "./y";\nimport "./side";\nconst m = import("./lazy");`),
    ).toEqual(["zod", "./y", "./side"]);
    // The check itself can fail: a chain to zod is found through a schema module.
    expect(heavyChain("lib/clients/schema.ts")).toEqual(["lib/clients/schema.ts", "zod"]);
  });

  it.each(clientComponents)("%s loads zod, the zod resolver and the dialogs only on demand", (file) => {
    const chain = heavyChain(file);
    expect(
      chain,
      chain
        ? `${chain.join(" → ")}: import schemas through useLazyZodResolver, value lists from lib/<area>/vocabulary.ts, dialogs from components/ui/dialog.tsx`
        : "",
    ).toBeNull();
  });

  // next/link (~3 kB gzip) would join the sign-in page's first load through them; a plain <a> is
  // what a page that failed needs anyway (a full load of the dashboard).
  it.each(DIALOG_FORMS)("%s fetches its dialog's form (and react-hook-form) with the dialog", (file) => {
    const chain = heavyChain(file, [...HEAVY, "react-hook-form"]);
    expect(chain, chain ? `${chain.join(" → ")}: load the form with onDemand(() => import(…))` : "").toBeNull();
  });

  it.each(pages.filter((page) => !PAGES_WITH_REACT_HOOK_FORM.has(page)))("%s loads react-hook-form only at the first interaction", (file) => {
    const chains = clientEntries(file).flatMap((entry) => heavyChain(entry, ["react-hook-form"]) ?? []);
    expect(chains, `${chains.join(" → ")}: render the form through components/form-islands.ts, or load a dialog's form with onDemand`).toEqual([]);
  });

  it.each([...PAGES_WITH_REACT_HOOK_FORM])("%s is rightly listed as loading react-hook-form with the page", (file) => {
    expect(clientEntries(file).some((entry) => heavyChain(entry, ["react-hook-form"]))).toBe(true);
  });

  it("finds the root boundaries", () => {
    expect(rootBoundaries).toEqual(expect.arrayContaining(["app/not-found.tsx", "app/forbidden.tsx"]));
  });

  it.each(rootBoundaries)("%s links with a plain <a>, not next/link", (file) => {
    const chain = heavyChain(file, ["next/link"]);
    expect(chain, chain ? chain.join(" → ") : "").toBeNull();
  });
});
