import "server-only";
import { createPrivateKey, type KeyObject } from "node:crypto";
import { exportJWK, exportPKCS8, generateKeyPair, type JSONWebKeySet, type JWK } from "jose";
import { decryptString, encrypt } from "@/lib/crypto/encryption";
import type { ChangeEpoch } from "@/lib/db/change-epoch";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import { ACCESS_TOKEN_TTL_SECONDS, SIGNING_ALGS, type SigningAlg } from "./config";

/** The encryption context of a key's private part: a ciphertext cannot be moved to another row. */
const aad = (kid: string) => `signing-key:${kid}`;

/** A new key pair, its private key sealed: made before any write, so no lock waits on RSA generation. */
async function newKeyRow(alg: SigningAlg) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === "RS256" ? { modulusLength: 2048 } : {}) });
  const kid = crypto.randomUUID();
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  return { id: kid, alg, publicJwk: publicJwk as object, privateKeyEncrypted: encrypt(await exportPKCS8(privateKey), aad(kid)) };
}

async function createKey(tx: Tx | typeof prisma, alg: SigningAlg) {
  const { id } = await tx.signingKey.create({ data: await newKeyRow(alg), select: { id: true } });
  return id;
}

type ActiveKey = { kid: string; alg: SigningAlg; key: KeyObject };
type Published = Awaited<ReturnType<typeof loadPublishedKeys>>;

/** How long the list of published keys is kept at most, since retired keys drop out of it with time. */
const PUBLISHED_KEYS_MAX_AGE_MS = 60_000;

// Next.js bundles each route (and the server actions) separately, so module state is not shared
// between them: the cache lives on globalThis, or a rotation made from the portal would not reach
// another copy of this module until a restart.
type KeyCache = {
  /** Set by the protocol server: entries are trusted only while it is unchanged. Null: until cleared. */
  epoch: ChangeEpoch | null;
  active: Map<SigningAlg, { seen: number; key: ActiveKey }>;
  published: { seen: number; at: number; keys: Published; jwks: JSONWebKeySet; body: string } | null;
};
const globalForKeys = globalThis as unknown as { signingKeyCache?: KeyCache };
const cache = (globalForKeys.signingKeyCache ??= { epoch: null, active: new Map(), published: null });

/**
 * Makes the key caches follow `epoch` (lib/db/change-epoch.ts): a rotation made anywhere — another
 * process, another instance — is seen at the next request on SQLite, within the bound on PostgreSQL.
 * Without it (tests, scripts) the active keys are cached until clearSigningKeyCache() and the
 * published keys are read every time.
 */
export function followChangeEpoch(epoch: ChangeEpoch | null) {
  cache.epoch = epoch;
  clearSigningKeyCache();
}

function currentKeyRow(alg: SigningAlg) {
  return prisma.signingKey.findFirst({ where: { alg, retiredAt: null }, orderBy: { createdAt: "desc" }, select: { id: true } });
}

/** The key that signs with `alg` now; created on first use. */
export async function activeSigningKey(alg: SigningAlg): Promise<ActiveKey> {
  const seen = cache.epoch ? cache.epoch() : 0;
  const cached = cache.active.get(alg);
  if (cached && cached.seen === seen) return cached.key;
  // The database changed: most changes are not rotations, so look at the kid before loading the key.
  if (cached && (await currentKeyRow(alg))?.id === cached.key.kid) {
    cached.seen = seen;
    return cached.key;
  }
  if (!(await currentKeyRow(alg))) await createKey(prisma, alg);
  const row = await prisma.signingKey.findFirstOrThrow({
    where: { alg, retiredAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, privateKeyEncrypted: true },
  });
  const key = { kid: row.id, alg, key: createPrivateKey(decryptString(row.privateKeyEncrypted, aad(row.id))) };
  cache.active.set(alg, { seen, key });
  return key;
}

/**
 * Replaces the signing key of each algorithm. The old keys are retired, not deleted: they stay in
 * the JWKS until the last token they signed has expired.
 */
export async function rotateSigningKeys(tx: Tx): Promise<{ retired: string[]; created: string[] }> {
  const rows = [];
  for (const alg of SIGNING_ALGS) rows.push(await newKeyRow(alg));
  const current = await tx.signingKey.findMany({ where: { retiredAt: null }, select: { id: true } });
  await tx.signingKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: new Date() } });
  await tx.signingKey.createMany({ data: rows });
  const created = rows.map((row) => row.id);
  clearSigningKeyCache();
  return { retired: current.map((k) => k.id), created };
}

/** Forgets cached keys (after a rotation made in another transaction). */
export function clearSigningKeyCache() {
  cache.active.clear();
  cache.published = null;
}

/** The keys to publish: the active ones, and retired ones whose tokens may still be valid. */
function loadPublishedKeys(now: Date) {
  const cutoff = new Date(now.getTime() - ACCESS_TOKEN_TTL_SECONDS * 1000);
  return prisma.signingKey.findMany({
    where: { OR: [{ retiredAt: null }, { retiredAt: { gt: cutoff } }] },
    orderBy: { createdAt: "desc" },
    select: { id: true, alg: true, publicJwk: true, createdAt: true, retiredAt: true },
  });
}

/** The keys to publish: the active ones, and retired ones whose tokens may still be valid. */
export async function publishedKeys(now = new Date()): Promise<Published> {
  return (await published(now)).keys;
}

async function published(now: Date) {
  if (cache.epoch) {
    const seen = cache.epoch();
    const hit = cache.published;
    if (hit && hit.seen === seen && Date.now() - hit.at < PUBLISHED_KEYS_MAX_AGE_MS) return hit;
    const keys = await loadPublishedKeys(now);
    const jwks = { keys: keys.map((k) => k.publicJwk as JWK) };
    cache.published = { seen, at: Date.now(), keys, jwks, body: JSON.stringify(jwks) };
    return cache.published;
  }
  const keys = await loadPublishedKeys(now);
  const jwks = { keys: keys.map((k) => k.publicJwk as JWK) };
  return { keys, jwks, body: JSON.stringify(jwks) };
}

/** The published keys as a JSON Web Key Set (the same object while the cache holds; no keys created). */
export async function publishedJwks(): Promise<{ jwks: JSONWebKeySet; body: string }> {
  return published(new Date());
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
export async function jwks(): Promise<JSONWebKeySet> {
  return (await jwksWithBody()).jwks;
}

/** The JSON Web Key Set and its serialized form (kept with the cache, so JWKS requests do not re-serialize). */
export async function jwksWithBody(): Promise<{ jwks: JSONWebKeySet; body: string }> {
  for (const alg of SIGNING_ALGS) await activeSigningKey(alg); // a fresh install publishes keys at once
  return published(new Date());
}
