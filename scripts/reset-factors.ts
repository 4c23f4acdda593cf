// `npm run admin:reset-factors -- <email>`: removes an admin's second factors and recovery codes and
// ends their sessions, from the command line, for the case no Owner can sign in to do it (the last
// Owner lost their phone and their recovery codes). It needs what the server needs (DATABASE_URL,
// the data/ folder): whoever can run it can read the database anyway. Audited as
// admin.factorsReset by "command line".
import { runService } from "@/lib/actions/context";
import { ALL } from "@/lib/auth/reach";
import { prisma } from "@/lib/db/prisma";
import { resetFactors } from "@/lib/mfa/service";

async function main() {
  const email = process.argv[2]?.trim().toLowerCase();
  if (!email) {
    console.error("Usage: npm run admin:reset-factors -- <admin email>");
    process.exit(2);
  }
  try {
    const admin = await prisma.adminUser.findUnique({ where: { email }, select: { id: true } });
    if (!admin) {
      console.error(`No admin has the email ${email}.`);
      process.exit(1);
    }
    await runService({ type: "admin", id: "command-line", label: "command line (admin:reset-factors)" }, ALL, (ctx) => resetFactors(ctx, admin.id));
    console.log(`▸ The second factors and recovery codes of ${email} are removed and their sessions ended.`);
    console.log("  They sign in with their password and, if their role requires it, enrol a new factor at once.");
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
