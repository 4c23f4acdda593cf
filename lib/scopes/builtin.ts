import type { Db } from "@/lib/db/client";
import { BUILT_IN_SCOPES } from "./schema";

/** Creates the built-in scopes that are missing (run by the seed at every start; idempotent). */
export async function ensureBuiltInScopes(db: Db): Promise<string[]> {
  const existing = new Set(
    (await db.scope.findMany({ where: { name: { in: BUILT_IN_SCOPES.map((s) => s.name) } }, select: { name: true } })).map((s) => s.name),
  );
  const missing = BUILT_IN_SCOPES.filter((s) => !existing.has(s.name));
  for (const scope of missing) await db.scope.create({ data: { ...scope, builtIn: true } });
  return missing.map((s) => s.name);
}
