// The one data model (prisma/schema.prisma, SQLite) and its PostgreSQL twin. Prisma keeps one
// migration history per database provider, so PostgreSQL has its own schema file, generated from
// the SQLite one by changing only the provider and the client's output folder, and its own
// migrations (see docs/decisions/011-postgresql-migrations.md). Plain ESM: used by
// prisma.config.ts, the setup scripts and the tests.
import fs from "node:fs";
import path from "node:path";

/** Schema and migration folders per database kind, relative to the project. */
export const PRISMA_PATHS = {
  sqlite: { schema: "prisma/schema.prisma", migrations: "prisma/migrations", client: "lib/generated/prisma" },
  postgresql: {
    schema: "prisma/postgresql/schema.prisma",
    migrations: "prisma/postgresql/migrations",
    client: "lib/generated/prisma-postgresql",
  },
};

const HEADER =
  "// GENERATED from prisma/schema.prisma by lib/db/prisma-schemas.mjs: do not edit; edit the one\n" +
  '// schema and run `npm run db:migration -- <name>` (README, "Database and migrations").\n\n';

function replaceOnce(text, pattern, replacement, what) {
  const matches = text.match(new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`));
  if (matches?.length !== 1) throw new Error(`prisma/schema.prisma: expected exactly one ${what}, found ${matches?.length ?? 0}`);
  return text.replace(pattern, replacement);
}

/** The PostgreSQL schema for the text of prisma/schema.prisma. @param {string} sqliteSchema */
export function renderPostgresqlSchema(sqliteSchema) {
  let text = replaceOnce(sqliteSchema, /(datasource db \{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"', 'datasource with provider = "sqlite"');
  text = replaceOnce(
    text,
    /(output\s*=\s*)"\.\.\/lib\/generated\/prisma"/,
    '$1"../../lib/generated/prisma-postgresql"',
    'generator output = "../lib/generated/prisma"',
  );
  return HEADER + text;
}

/**
 * Writes prisma/postgresql/schema.prisma when it differs from what prisma/schema.prisma makes.
 * Returns true when it wrote. @param {string} root the project folder
 */
export function syncPostgresqlSchema(root) {
  const target = path.join(root, PRISMA_PATHS.postgresql.schema);
  const wanted = renderPostgresqlSchema(fs.readFileSync(path.join(root, PRISMA_PATHS.sqlite.schema), "utf8"));
  if (fs.existsSync(target) && fs.readFileSync(target, "utf8") === wanted) return false;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, wanted);
  return true;
}
