// Seeds the first admin (run by `npm start` after migrations). Prints a generated password once.
import { ensureFirstAdmin } from "@/lib/auth/first-admin";
import { createPrismaClient } from "@/lib/db/client";
import { parseEnv } from "@/lib/config/env";

const env = parseEnv(process.env);
const db = createPrismaClient();
try {
  const result = await ensureFirstAdmin(db, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD, name: env.ADMIN_NAME });
  if (!result.created) {
    console.log("Admin: an admin already exists; nothing seeded.");
  } else if (result.generatedPassword) {
    console.log(
      [
        "",
        "  ┌───────────────────────────────────────────────────────────────┐",
        "  │ First admin created. This password is shown once: store it now. │",
        "  └───────────────────────────────────────────────────────────────┘",
        `    email:    ${result.email}`,
        `    password: ${result.generatedPassword}`,
        "",
      ].join("\n"),
    );
  } else {
    console.log(`Admin: first admin ${result.email} created from ADMIN_EMAIL / ADMIN_PASSWORD.`);
  }
} finally {
  await db.$disconnect();
}
