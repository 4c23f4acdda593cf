import type { ServiceContext } from "@/lib/actions/context";
import { generateSecret, hashSecret, secretHint } from "./secret";
import type { NewSecretValues } from "./schema";
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
} as const;

function ownerWhere(owner: SecretOwner) {
  return owner.kind === "client" ? { clientInternalId: owner.id } : { scopeId: owner.id };
}

/**
 * Generates a secret for `owner`, stores only its hash, and returns the clear value — the one and
 * only time it leaves the server, with the stored view (what the pages and the API show of it). The
 * audit event names the secret by id and hint.
 */
export async function issueSecret(
  { tx, actor, audit }: Pick<ServiceContext, "tx" | "actor" | "audit">,
  owner: SecretOwner,
  input: NewSecretValues,
): Promise<StoredSecret & { value: string }> {
  const createdBy = actor.label;
  const value = generateSecret();
  const secret = await tx.secret.create({
    data: {
      ...ownerWhere(owner),
      hash: hashSecret(value),
      hint: secretHint(value),
      description: input.description,
      expiresAt: input.expiresAt,
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

/**
 * Stores a secret brought by an import: its hash as given (a Usercube HashedSecret, or a portal
 * export), never a value. The audit event names the secret by id, hint and description only.
 */
export async function importSecret(
  { tx, actor, audit }: Pick<ServiceContext, "tx" | "actor" | "audit">,
  owner: SecretOwner,
  record: SecretRecord,
): Promise<{ id: string }> {
  const importedBy = actor.label;
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
