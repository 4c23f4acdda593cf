import "server-only";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import type { ServiceContext } from "@/lib/actions/context";
import { ActionError } from "@/lib/actions/result";
import { decryptString, encrypt } from "@/lib/crypto/encryption";
import type { Tx } from "@/lib/db/client";
import { ensureRecoveryCodes } from "./service";

// Passkeys (WebAuthn) with @simplewebauthn/server: the relying party is the portal's origin
// (PORTAL_URL, else the request's), its RP ID that origin's host name. No attestation is asked for
// (a passkey is a second factor here, not a device policy). The registration's challenge travels in
// a sealed, 5-minute httpOnly cookie; the sign-in's in the sign-in challenge row (lib/mfa/pending.ts).

export const PASSKEY_REGISTRATION_COOKIE = "portal.passkey-registration";
export const PASSKEY_REGISTRATION_TTL_SECONDS = 5 * 60;
const AAD = "passkey-registration";

export type RelyingParty = { origin: string; rpID: string };

export function relyingPartyOf(origin: string): RelyingParty {
  return { origin, rpID: new URL(origin).hostname };
}

const transportsOf = (stored: string | null) => (stored ? (stored.split(",") as AuthenticatorTransportFuture[]) : undefined);

/** Options for navigator.credentials.create, and the sealed cookie that remembers their challenge. */
export async function registrationOptions(
  tx: Tx,
  admin: { id: string; email: string; name: string },
  rp: RelyingParty,
  now = Date.now(),
): Promise<{ options: PublicKeyCredentialCreationOptionsJSON; cookie: string }> {
  const existing = await tx.adminFactor.findMany({
    where: { adminId: admin.id, kind: "passkey", confirmedAt: { not: null } },
    select: { credentialId: true, transports: true },
  });
  const options = await generateRegistrationOptions({
    rpName: "OIDC Admin",
    rpID: rp.rpID,
    userName: admin.email,
    userDisplayName: admin.name,
    userID: new TextEncoder().encode(admin.id),
    attestationType: "none",
    excludeCredentials: existing.map((c) => ({ id: c.credentialId!, transports: transportsOf(c.transports) })),
    authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
  });
  const cookie = encrypt(JSON.stringify({ adminId: admin.id, challenge: options.challenge, expiresAt: now + PASSKEY_REGISTRATION_TTL_SECONDS * 1000 }), AAD);
  return { options, cookie };
}

const REFUSED = "The passkey could not be verified. Try again.";

/** Verifies a registration against the cookie's challenge and stores the passkey; the first factor brings recovery codes. */
export async function finishRegistration(
  ctx: Pick<ServiceContext, "tx" | "audit">,
  admin: { id: string; email: string },
  values: { name: string; response: unknown },
  cookie: string | undefined,
  rp: RelyingParty,
  now = Date.now(),
): Promise<{ recoveryCodes: string[] }> {
  let saved: { adminId: string; challenge: string; expiresAt: number } | null = null;
  try {
    saved = cookie ? JSON.parse(decryptString(cookie, AAD)) : null;
  } catch {
    saved = null;
  }
  if (!saved || saved.adminId !== admin.id || saved.expiresAt <= now) throw new ActionError("This passkey registration has expired. Start again.");
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: values.response as RegistrationResponseJSON,
      expectedChallenge: saved.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
    });
  } catch {
    throw new ActionError(REFUSED);
  }
  if (!verified.verified) throw new ActionError(REFUSED);
  const { credential } = verified.registrationInfo;
  if (await ctx.tx.adminFactor.findUnique({ where: { credentialId: credential.id }, select: { id: true } }))
    throw new ActionError("This passkey is registered already.");
  await ctx.tx.adminFactor.create({
    data: {
      adminId: admin.id,
      kind: "passkey",
      name: values.name,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString("base64url"),
      signCount: credential.counter,
      transports: credential.transports?.join(",") ?? null,
      confirmedAt: new Date(now),
    },
  });
  await ctx.audit({
    action: "admin.factorAdded",
    target: { type: "admin", id: admin.id, label: admin.email },
    changes: { kind: "passkey", name: values.name },
  });
  return { recoveryCodes: await ensureRecoveryCodes(ctx, admin) };
}

/** Options for navigator.credentials.get at the second step: the admin's passkeys only. */
export async function authenticationOptions(tx: Tx, adminId: string, rp: RelyingParty): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const passkeys = await tx.adminFactor.findMany({
    where: { adminId, kind: "passkey", confirmedAt: { not: null } },
    select: { credentialId: true, transports: true },
  });
  return generateAuthenticationOptions({
    rpID: rp.rpID,
    allowCredentials: passkeys.map((c) => ({ id: c.credentialId!, transports: transportsOf(c.transports) })),
    userVerification: "preferred",
  });
}

/**
 * Verifies a passkey's answer against the challenge the sign-in holds; records its signature
 * counter (a counter that goes back means a cloned authenticator: refused). False when it fails.
 */
export async function usePasskey(tx: Tx, adminId: string, expectedChallenge: string, response: unknown, rp: RelyingParty, now = Date.now()): Promise<boolean> {
  const id = (response as { id?: unknown } | null)?.id;
  if (typeof id !== "string") return false;
  const factor = await tx.adminFactor.findFirst({
    where: { adminId, kind: "passkey", credentialId: id, confirmedAt: { not: null } },
    select: { id: true, credentialId: true, publicKey: true, signCount: true, transports: true },
  });
  if (!factor?.publicKey) return false;
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: {
        id: factor.credentialId!,
        publicKey: new Uint8Array(Buffer.from(factor.publicKey, "base64url")),
        counter: factor.signCount ?? 0,
        transports: transportsOf(factor.transports),
      },
      requireUserVerification: false,
    });
  } catch {
    return false;
  }
  if (!verified.verified) return false;
  await tx.adminFactor.update({ where: { id: factor.id }, data: { signCount: verified.authenticationInfo.newCounter, lastUsedAt: new Date(now) } });
  return true;
}
