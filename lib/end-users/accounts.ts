import "server-only";
import { randomBytes } from "node:crypto";
import { prisma } from "@/lib/db/prisma";

// End users: the people who sign in to the portal's clients through its identity providers. The
// portal brokers them (as Keycloak does): each (provider issuer, subject) becomes one EndUser whose
// id is the `sub` the portal issues — random, never the upstream subject, so clients do not learn
// (or depend on) another provider's identifiers.

/** What a provider told about the person, from its checked ID token (and userinfo when configured). */
export type UpstreamIdentity = {
  issuer: string;
  subject: string;
  providerName: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  username: string | null;
};

/** A new subject identifier: 128 random bits, base64url (OpenID Connect Core §2: at most 255 ASCII characters). */
const newSubject = () => randomBytes(16).toString("base64url");

/** The end user for an upstream identity, created at their first sign-in and refreshed at each one. */
export async function endUserFor(identity: UpstreamIdentity, now = new Date()): Promise<{ id: string; created: boolean }> {
  const { issuer, subject, ...profile } = identity;
  const existing = await prisma.endUser.findUnique({ where: { issuer_subject: { issuer, subject } }, select: { id: true } });
  if (existing) {
    await prisma.endUser.update({ where: { id: existing.id }, data: { ...profile, lastSignInAt: now } });
    return { id: existing.id, created: false };
  }
  try {
    const { id } = await prisma.endUser.create({
      data: { id: newSubject(), issuer, subject, ...profile, createdAt: now, lastSignInAt: now },
      select: { id: true },
    });
    return { id, created: true };
  } catch (error) {
    // Two first sign-ins of one person at once: the other one created the row.
    const raced = await prisma.endUser.findUnique({ where: { issuer_subject: { issuer, subject } }, select: { id: true } });
    if (!raced) throw error;
    return { id: raced.id, created: false };
  }
}

/** The claims the portal releases about an end user, by scope (./engine/provider.ts lists which). */
export async function endUserClaims(id: string): Promise<Record<string, unknown> | null> {
  const user = await prisma.endUser.findUnique({ where: { id } });
  if (!user) return null;
  return {
    sub: user.id,
    ...(user.name ? { name: user.name } : {}),
    ...(user.username ? { preferred_username: user.username } : {}),
    ...(user.email ? { email: user.email, email_verified: user.emailVerified } : {}),
  };
}
