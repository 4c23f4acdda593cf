import "server-only";
import { actorOf, recordAudit } from "@/lib/audit/audit";
import { prisma } from "@/lib/db/prisma";
import { isUniqueViolation } from "@/lib/db/errors";
import type { ProviderSettings } from "../schema";
import type { RefusalReason } from "./messages";

// Which admin a provider's answer signs in (docs/decisions/009). The provider's own name for the
// person, (issuer, sub), comes first: once linked, it signs in its admin whatever email it carries.
// An email is trusted only when the provider says it is verified (or the provider is set to trust
// its emails without email_verified); the first sign-in by such an email links (issuer, sub) to
// the admin, who from then on cannot sign in as another subject of that issuer.

export type ProviderIdentity = {
  /** The ID token's iss and sub (checked by openid-client). */
  issuer: string;
  subject: string;
  /** The email claim, normalised (lib/validation/email.ts); null when absent. */
  email: string | null;
  /** email_verified as sent: true, false, or null when the provider did not say. */
  emailVerified: boolean | null;
};

export type IdentityMatch =
  { adminId: string; email: string } | { refused: RefusalReason; detail: string; context: { adminId?: string; email?: string | null } };

const refuse = (refused: RefusalReason, detail: string, context: { adminId?: string; email?: string | null } = {}): IdentityMatch => ({
  refused,
  detail,
  context,
});

type Provider = Pick<ProviderSettings, "providerName" | "assumeEmailVerified" | "emailClaimType">;

/** The admin that `identity` signs in through `provider`, linking it at the first sign-in by verified email. */
export async function adminForIdentity(provider: Provider, identity: ProviderIdentity, now = new Date()): Promise<IdentityMatch> {
  // Twice at most: a link written by a concurrent sign-in between our read and our write is read again.
  for (let attempt = 0; ; attempt++) {
    const match = await matchOnce(provider, identity, now).catch((error: unknown) => {
      if (attempt === 0 && isUniqueViolation(error)) return null;
      throw error;
    });
    if (match) return match;
  }
}

async function matchOnce(provider: Provider, identity: ProviderIdentity, now: Date): Promise<IdentityMatch> {
  const { issuer, subject, email, emailVerified } = identity;
  const linked = await prisma.adminIdentity.findUnique({
    where: { issuer_subject: { issuer, subject } },
    select: { id: true, admin: { select: { id: true, email: true, disabledAt: true } } },
  });
  if (linked) {
    const { admin } = linked;
    if (admin.disabledAt !== null)
      return refuse("account_disabled", "the admin account linked to this identity is disabled", { adminId: admin.id, email: admin.email });
    await prisma.adminIdentity.update({ where: { id: linked.id }, data: { lastUsedAt: now } });
    return { adminId: admin.id, email: admin.email };
  }

  if (!email) return refuse("no_email", `no "${provider.emailClaimType ?? "email"}" claim, and this identity is linked to no admin`);
  if (emailVerified === false) return refuse("email_unverified", "email_verified is false", { email });
  if (emailVerified === null && !provider.assumeEmailVerified) {
    return refuse("email_unverified", "no email_verified claim (the provider is not set to trust emails without it)", { email });
  }
  const admin = await prisma.adminUser.findUnique({ where: { email }, select: { id: true, email: true, disabledAt: true } });
  if (!admin) return refuse("unknown_user", "no admin account has this email", { email });
  if (admin.disabledAt !== null) return refuse("account_disabled", "the admin account is disabled", { adminId: admin.id, email });

  const other = await prisma.adminIdentity.findUnique({
    where: { adminId_issuer: { adminId: admin.id, issuer } },
    select: { subject: true, providerName: true },
  });
  if (other) {
    return refuse(
      "identity_conflict",
      `the admin is linked to another subject of ${issuer} (through ${other.providerName}); this answer's subject is ${subject}`,
      {
        adminId: admin.id,
        email,
      },
    );
  }
  await prisma.$transaction(async (tx) => {
    await tx.adminIdentity.create({ data: { adminId: admin.id, issuer, subject, providerName: provider.providerName, createdAt: now, lastUsedAt: now } });
    const who = actorOf(admin);
    await recordAudit(tx, who, { action: "admin.identityLinked", target: who, changes: { provider: provider.providerName, issuer, subject } });
  });
  return { adminId: admin.id, email: admin.email };
}
