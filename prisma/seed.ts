// Seeds the first admin, the default profile, the built-in scopes and the signing keys (run by `npm start` after migrations). Prints a
// generated password once.
import { ensureFirstAdmin } from "@/lib/auth/first-admin";
import { parseEnv } from "@/lib/config/env";
import { createPrismaClient } from "@/lib/db/client";
import { DEFAULT_PROFILE, ensureDefaultProfiles } from "@/lib/profiles/defaults";
import { ensureBuiltInScopes } from "@/lib/scopes/builtin";
import { ensureSigningKeys } from "@/lib/oauth/keys";

async function main() {
  const env = parseEnv(process.env);
  const db = createPrismaClient();
  try {
    const result = await ensureFirstAdmin(db, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD, name: env.ADMIN_NAME });
    if (!result.created) {
      console.log("▸ An admin already exists; nothing to seed.");
    } else if (result.generatedPassword) {
      console.log(
        [
          "",
          "  First admin created. Its password is shown this once: store it now.",
          `    email:    ${result.email}`,
          `    password: ${result.generatedPassword}`,
          "  (Set ADMIN_EMAIL and ADMIN_PASSWORD before the first start to choose them.)",
          "",
        ].join("\n"),
      );
    } else {
      console.log(`▸ First admin ${result.email} created from ADMIN_EMAIL / ADMIN_PASSWORD.`);
    }
    if ((await ensureDefaultProfiles(db)).created) console.log(`▸ Profile ${DEFAULT_PROFILE.identifier} created.`);
    const scopes = await ensureBuiltInScopes(db);
    if (scopes.length) console.log(`▸ Built-in scopes created: ${scopes.join(", ")}.`);
    const keys = await ensureSigningKeys();
    if (keys.length) console.log(`▸ Token-signing keys generated (${keys.join(", ")}); private keys encrypted at rest.`);
  } finally {
    await db.$disconnect();
    await (await import("@/lib/db/prisma")).prisma.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
