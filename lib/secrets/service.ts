import type { ServiceContext } from "@/lib/actions/context";
import { ActionError, ConflictError, NotFoundError } from "@/lib/actions/result";
import type { Tx } from "@/lib/db/client";
import { breaksPolicy, defaultExpiry, expiryRefusal, NO_POLICY, secretPolicyFor, type SecretPolicy } from "./policy";
import { generateSecret, hashSecret, secretHint } from "./secret";
import { graceEnd } from "./rotation";
import type { NewSecretRequest, RotateSecretValues } from "./schema";
import type { StoredSecret } from "./view";

/** Whose secret it is: a client (by internal id) or a scope. */
export type SecretOwner = { kind: "client" | "scope"; id: string; label: string };

/** A secret as the portal shows it: never its value or hash. */
export const secretView = {
  id: true,
  hint: true,
  description: true,
  expiresAt: true,
  createdAt: true,
  createdBy: true,
  revokedAt: true,
  revokedBy: true,
  rotatedAt: true,
  lastUsedAt: true,
} as const;

function ownerWhere(owner: SecretOwner) {
  return owner.kind === "client" ? { clientInternalId: owner.id } : { scopeId: owner.id };
}

/**
 * The policy `owner`'s new secrets obey, read in the caller's transaction: a client's is its
 * profile's (lib/secrets/policy.ts); a scope has no profile, so its secrets have none.
 */
export async function secretPolicyOf(tx: Tx, owner: SecretOwner): Promise<SecretPolicy> {
  if (owner.kind === "scope") return NO_POLICY;
  const client = await tx.client.findUnique({ where: { id: owner.id }, select: { profile: { select: { secretMaxDays: true } } } });
  return secretPolicyFor(client?.profile);
}

/** The refusal of an expiry the policy does not allow, on the form's expiry field. */
const policyRefusal = (message: string) => new ActionError("Some fields need attention.", { expiresAt: [message] });

/**
 * The expiry a new secret of `owner` created at `createdAt` gets: `chosen`, or the policy's default
 * when undefined; refused (on the expiry field) when the owner's policy, read in `tx`, forbids it.
 */
export async function checkedExpiry(tx: Tx, owner: SecretOwner, chosen: Date | null | undefined, createdAt: Date): Promise<Date | null> {
  const policy = await secretPolicyOf(tx, owner);
  const expiresAt = chosen === undefined ? defaultExpiry(policy, createdAt) : chosen;
  const refusal = expiryRefusal(expiresAt, policy, createdAt);
  if (refusal) throw policyRefusal(refusal);
  return expiresAt;
}

/**
 * Generates a secret for `owner`, stores only its hash, and returns the clear value — the one and
 * only time it leaves the server, with the stored view (what the pages and the API show of it). The
 * audit event names the secret by id and hint. The expiry must obey the owner's secret policy, read
 * in this transaction; `expiresAt` undefined: the policy's default (the longest it allows, or never).
 */
export async function issueSecret(
  { tx, actor, audit }: Pick<ServiceContext, "tx" | "actor" | "audit">,
  owner: SecretOwner,
  { description, expiresAt: chosen }: NewSecretRequest,
): Promise<StoredSecret & { value: string }> {
  const createdBy = actor.label;
  const createdAt = new Date();
  const expiresAt = await checkedExpiry(tx, owner, chosen, createdAt);
  const value = generateSecret();
  const input = { description, expiresAt };
  const secret = await tx.secret.create({
    data: {
      ...ownerWhere(owner),
      hash: hashSecret(value),
      hint: secretHint(value),
      description: input.description,
      expiresAt: input.expiresAt,
      createdAt,
      createdBy,
    },
    select: secretView,
  });
  await audit({
    action: "secret.created",
    target: { type: owner.kind, id: owner.id, label: owner.label },
    changes: { secretId: secret.id, hint: secret.hint, description: input.description, expiresAt: input.expiresAt?.toISOString() ?? null },
  });
  return { ...secret, value };
}

/**
 * Revokes one of `owner`'s secrets; false when there is no such active secret. `recorded`: a
 * revocation an import carries (when and by whom), instead of now and the actor.
 */
export async function revokeSecret(
  { tx, actor, audit }: Pick<ServiceContext, "tx" | "actor" | "audit">,
  owner: SecretOwner,
  secretId: string,
  recorded?: { at: Date; by: string | null },
): Promise<boolean> {
  const revokedBy = recorded?.by ?? actor.label;
  const { count } = await tx.secret.updateMany({
    where: { id: secretId, ...ownerWhere(owner), revokedAt: null },
    data: { revokedAt: recorded?.at ?? new Date(), revokedBy },
  });
  if (count === 0) return false;
  const secret = await tx.secret.findUniqueOrThrow({ where: { id: secretId }, select: { hint: true } });
  await audit({
    action: "secret.revoked",
    target: { type: owner.kind, id: owner.id, label: owner.label },
    changes: { secretId, hint: secret.hint, ...(recorded ? { by: "import" } : {}) },
  });
  return true;
}

/** Why a rotation was refused: the secret is not one that can be rotated (any more). */
export const NOT_ROTATABLE = "This secret is revoked, expired or already retiring; rotate an active secret.";

/**
 * The secret of `owner` a rotation at `now` would retire; refused with NotFoundError when `owner` has
 * no such secret, with ConflictError (NOT_ROTATABLE) when it is revoked, expired or already retiring.
 */
export async function rotatableSecret(tx: Tx, owner: SecretOwner, secretId: string, now: Date) {
  const ownSecret = { id: secretId, ...ownerWhere(owner) };
  const rotatable = { ...ownSecret, revokedAt: null, rotatedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
  const old = await tx.secret.findFirst({ where: rotatable, select: { id: true, hint: true, expiresAt: true } });
  const refusal = async () =>
    (await tx.secret.count({ where: ownSecret })) ? new ConflictError(NOT_ROTATABLE) : new NotFoundError("This secret no longer exists.");
  if (!old) throw await refusal();
  return { old, rotatable, refusal };
}

/**
 * Rotates one of `owner`'s secrets without an outage: issues a new secret (its value returned this
 * once) and lets the old one expire after the grace, so both work meanwhile. Refused with
 * NotFoundError when `owner` has no such secret, with ConflictError (NOT_ROTATABLE) when the secret
 * is not active (revoked, expired) or is already being retired by a rotation. The audit event names
 * both secrets by id and hint, and when the old one stops working.
 */
export async function rotateSecret(
  ctx: Pick<ServiceContext, "tx" | "actor" | "audit">,
  owner: SecretOwner,
  input: RotateSecretValues,
  now = new Date(),
): Promise<StoredSecret & { value: string; retiring: { id: string; hint: string; expiresAt: Date } }> {
  const { tx, audit } = ctx;
  const { old, rotatable, refusal } = await rotatableSecret(tx, owner, input.secretId, now);
  const expiresAt = graceEnd(now, input.graceDays, old.expiresAt);
  const { count } = await tx.secret.updateMany({ where: rotatable, data: { rotatedAt: now, expiresAt } });
  if (count === 0) throw await refusal();
  // The new secret gets the policy's default expiry, as any new secret does (undefined: the default).
  const secret = await issueSecret(ctx, owner, { description: input.description || `Replaces …${old.hint}`, expiresAt: undefined });
  await audit({
    action: "secret.rotated",
    target: { type: owner.kind, id: owner.id, label: owner.label },
    changes: { secretId: old.id, hint: old.hint, newSecretId: secret.id, newHint: secret.hint, expiresAt: expiresAt.toISOString() },
  });
  return { ...secret, retiring: { id: old.id, hint: old.hint, expiresAt } };
}

/** A secret as it is kept and moved between portals: its hash (never a value) and its metadata. */
export type SecretRecord = {
  hash: string;
  hint: string;
  description: string;
  expiresAt: Date | null;
  createdAt: Date | null;
  createdBy: string | null;
  revokedAt: Date | null;
  revokedBy: string | null;
};

/** Why an imported secret breaks `policy`, in words; null when it does not (or is not live). */
export function importedSecretRefusal(record: SecretRecord, policy: SecretPolicy, now = new Date()): string | null {
  const createdAt = record.createdAt ?? now;
  if (!breaksPolicy({ createdAt, expiresAt: record.expiresAt, revokedAt: record.revokedAt }, policy, now)) return null;
  const name = record.description || (record.hint ? `…${record.hint}` : "imported hash");
  return `Secret ${name}: ${expiryRefusal(record.expiresAt, policy, createdAt)}`;
}

/**
 * Stores a secret brought by an import: its hash as given (a Usercube HashedSecret, or a portal
 * export), never a value. The audit event names the secret by id, hint and description only. A live
 * secret must obey the owner's policy as a new one does (the import's plan reports it first).
 */
export async function importSecret(
  { tx, actor, audit }: Pick<ServiceContext, "tx" | "actor" | "audit">,
  owner: SecretOwner,
  record: SecretRecord,
): Promise<{ id: string }> {
  const importedBy = actor.label;
  const refusal = importedSecretRefusal(record, await secretPolicyOf(tx, owner));
  if (refusal) throw policyRefusal(refusal);
  const secret = await tx.secret.create({
    data: {
      ...ownerWhere(owner),
      hash: record.hash,
      hint: record.hint,
      description: record.description,
      expiresAt: record.expiresAt,
      ...(record.createdAt ? { createdAt: record.createdAt } : {}),
      createdBy: record.createdBy ?? importedBy,
      revokedAt: record.revokedAt,
      revokedBy: record.revokedBy,
    },
    select: { id: true },
  });
  await audit({
    action: "secret.imported",
    target: { type: owner.kind, id: owner.id, label: owner.label },
    changes: {
      secretId: secret.id,
      hint: record.hint || null,
      description: record.description,
      expiresAt: record.expiresAt?.toISOString() ?? null,
      revoked: Boolean(record.revokedAt),
    },
  });
  return secret;
}
