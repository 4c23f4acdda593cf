import "server-only";
import { exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type CryptoKey, type JWK } from "jose";
import { decryptString, encrypt } from "@/lib/crypto/encryption";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import { ACCESS_TOKEN_TTL_SECONDS, SIGNING_ALGS, type SigningAlg } from "./config";

/** The encryption context of a key's private part: a ciphertext cannot be moved to another row. */
const aad = (kid: string) => `signing-key:${kid}`;

async function createKey(tx: Tx | typeof prisma, alg: SigningAlg) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === "RS256" ? { modulusLength: 2048 } : {}) });
  const kid = crypto.randomUUID();
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  await tx.signingKey.create({
    data: { id: kid, alg, publicJwk: publicJwk as object, privateKeyEncrypted: encrypt(await exportPKCS8(privateKey), aad(kid)) },
  });
  return kid;
}

type ActiveKey = { kid: string; alg: SigningAlg; key: CryptoKey };
// Next.js bundles each route (and the server actions) separately, so module state is not shared
// between them: the cache lives on globalThis, or a rotation made from the portal would not reach
// the token endpoint's copy of this module until a restart.
const globalForKeys = globalThis as unknown as { signingKeyCache?: Map<SigningAlg, ActiveKey> };
const activeCache = (globalForKeys.signingKeyCache ??= new Map<SigningAlg, ActiveKey>());

/** The key that signs with `alg` now; created on first use. Cached until a rotation. */
export async function activeSigningKey(alg: SigningAlg): Promise<ActiveKey> {
  const cached = activeCache.get(alg);
  if (cached) return cached;
  let row = await prisma.signingKey.findFirst({
    where: { alg, retiredAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, privateKeyEncrypted: true },
  });
  if (!row) {
    await createKey(prisma, alg);
    row = await prisma.signingKey.findFirstOrThrow({ where: { alg, retiredAt: null }, orderBy: { createdAt: "desc" }, select: { id: true, privateKeyEncrypted: true } });
  }
  const key = await importPKCS8(decryptString(row.privateKeyEncrypted, aad(row.id)), alg);
  const active = { kid: row.id, alg, key };
  activeCache.set(alg, active);
  return active;
}

/**
 * Replaces the signing key of each algorithm. The old keys are retired, not deleted: they stay in
 * the JWKS until the last token they signed has expired.
 */
export async function rotateSigningKeys(tx: Tx): Promise<{ retired: string[]; created: string[] }> {
  const current = await tx.signingKey.findMany({ where: { retiredAt: null }, select: { id: true } });
  await tx.signingKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: new Date() } });
  const created: string[] = [];
  for (const alg of SIGNING_ALGS) created.push(await createKey(tx, alg));
  activeCache.clear();
  return { retired: current.map((k) => k.id), created };
}

/** Forgets cached keys (after a rotation made in another transaction). */
export function clearSigningKeyCache() {
  activeCache.clear();
}

/** The keys to publish: the active ones, and retired ones whose tokens may still be valid. */
export async function publishedKeys(now = new Date()) {
  const cutoff = new Date(now.getTime() - ACCESS_TOKEN_TTL_SECONDS * 1000);
  return prisma.signingKey.findMany({
    where: { OR: [{ retiredAt: null }, { retiredAt: { gt: cutoff } }] },
    orderBy: { createdAt: "desc" },
    select: { id: true, alg: true, publicJwk: true, createdAt: true, retiredAt: true },
  });
}

/** Generates the missing signing keys (one per algorithm) at first start; returns the new ones' algs. */
export async function ensureSigningKeys(): Promise<SigningAlg[]> {
  const created: SigningAlg[] = [];
  for (const alg of SIGNING_ALGS) {
    if (!(await prisma.signingKey.findFirst({ where: { alg, retiredAt: null }, select: { id: true } }))) {
      await createKey(prisma, alg);
      created.push(alg);
    }
  }
  return created;
}

/** The JSON Web Key Set document. */
export async function jwks(): Promise<{ keys: JWK[] }> {
  for (const alg of SIGNING_ALGS) await activeSigningKey(alg); // a fresh install publishes keys at once
  return { keys: (await publishedKeys()).map((k) => k.publicJwk as JWK) };
}
