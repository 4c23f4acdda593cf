// ESLint (flat config), run by `npm test`: Next's core-web-vitals rules (React and its hooks among
// them), typescript-eslint's recommended rules, and the house's import rules below.
// `npx eslint .` checks the tree, `npx eslint --fix <files>` fixes what it can.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

const SOURCES = ["**/*.{ts,tsx,mts,mjs,js}"];
const TESTS = ["**/*.test.{ts,tsx,mts}", "lib/testing/**", "e2e/**"];
const PRODUCTION = ["app/**", "components/**", "lib/**", "proxy.ts", "instrumentation.ts"];

/**
 * The house's import rules: one way to do each thing, checked where the import is written. Each is
 * typescript-eslint's no-restricted-imports under its own name, so that each applies to its own
 * files and shows its own name in a report. `files` is where the rule holds, `ignores` the modules
 * that are the one way.
 */
const IMPORT_RULES = {
  // components/ui/link.tsx prefetches a page only when the admin shows intent; next/link would
  // prefetch every link in the viewport (dozens of per-admin server requests on a table page).
  "one-link": {
    files: SOURCES,
    ignores: ["components/ui/link.tsx"],
    paths: [{ name: "next/link", message: 'Import { Link } from "@/components/ui/link" instead.' }],
  },
  // Radix's dialogs load at the first interaction, through components/ui/dialog.tsx (its import()
  // of radix-dialog.tsx); next/dynamic's loader code outweighs what it saves for our dialogs.
  // components/ui/first-load.test.ts follows the same rule through every client component's imports.
  "lazy-dialogs": {
    files: SOURCES,
    ignores: ["components/ui/radix-dialog.tsx"],
    paths: [{ name: "next/dynamic", message: "Load a component with a plain import(), as components/ui/dialog.tsx does." }],
    patterns: [{ group: ["@radix-ui/*"], message: 'Use the dialogs of "@/components/ui/dialog".' }],
  },
  // One Prisma client (lib/db/prisma.ts): it hides the secret columns, picks the database, retries
  // a busy SQLite. Types from the generated clients are fine anywhere.
  "one-prisma-client": {
    files: SOURCES,
    ignores: ["lib/db/**", "prisma/**", "prisma.config.ts"],
    patterns: [
      {
        group: ["@/lib/generated/*", "**/generated/prisma*", "@prisma/*"],
        allowTypeImports: true,
        message: 'Use the client of "@/lib/db/prisma" (types may be imported from the generated client).',
      },
    ],
  },
  // Components render; lib/ decides. Reading and writing the database is lib/'s (queries, services).
  "components-render": {
    files: ["components/**"],
    ignores: TESTS,
    patterns: [{ group: ["@/lib/db/*"], allowTypeImports: true, message: "Call a query or service function of lib/<area>/ instead." }],
  },
  // Production code does not depend on test helpers or test runners.
  "tests-apart": {
    files: PRODUCTION,
    ignores: TESTS,
    paths: ["vitest", "@playwright/test", "fast-check"].map((name) => ({ name, message: "A test runner belongs in tests." })),
    patterns: [{ group: ["@/lib/testing/*", "**/testing/*"], message: "Test helpers (lib/testing/) belong in tests." }],
  },
};

const restrictedImports = tseslint.plugin.rules["no-restricted-imports"];

const config = [
  { ignores: ["lib/generated/**", ".next*/**", "test-results/**", "playwright-report/**", "data/**", "coverage/**"] },
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      // The house's convention for a name kept on purpose: an underscore (`const { secret: _secret, ...rest }`).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/no-unused-expressions": "error",
      // The icon is a 1 kB SVG and the QR code a data: URL: next/image's optimizer adds nothing to either.
      "@next/next/no-img-element": "off",
      // Plain <a> is deliberate where a full page load is wanted (the root boundaries, the way back to
      // /sign-in?local=1); every other link goes through components/ui/link.tsx (house/one-link).
      "@next/next/no-html-link-for-pages": "off",
    },
  },
  // Node scripts: a function called useSomething there is no React hook.
  { files: ["scripts/**", "bench/**", "prisma/**"], rules: { "react-hooks/rules-of-hooks": "off" } },
  { files: ["*.config.{mjs,mts,ts}"], rules: { "import/no-anonymous-default-export": "off" } },
  { plugins: { house: { rules: Object.fromEntries(Object.keys(IMPORT_RULES).map((name) => [name, restrictedImports])) } } },
  ...Object.entries(IMPORT_RULES).map(([name, { files, ignores, paths = [], patterns = [] }]) => ({
    files,
    ignores,
    rules: { [`house/${name}`]: ["error", { paths, patterns }] },
  })),
  // no-restricted-imports reads static imports only; an import() of next/link is the same detour.
  {
    files: SOURCES,
    ignores: IMPORT_RULES["one-link"].ignores,
    rules: {
      "no-restricted-syntax": ["error", { selector: "ImportExpression[source.value='next/link']", message: IMPORT_RULES["one-link"].paths[0].message }],
    },
  },
];

export default config;
