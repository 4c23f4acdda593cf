import "server-only";
import { ACCESS_TOKEN_TTL_SECONDS } from "./config";
import { publishedKeys } from "./keys";

export type SigningKeyRow = {
  kid: string;
  alg: string;
  createdAt: Date;
  retiredAt: Date | null;
  status: "active" | "retired";
  /** A retired key leaves the JWKS when the last token it signed expires; null while active. */
  publishedUntil: Date | null;
};

/** The keys the JWKS publishes now, as the Signing keys page lists them (newest first). */
export async function signingKeyRows(now = new Date()): Promise<SigningKeyRow[]> {
  const keys = await publishedKeys(now);
  return keys.map((k) => ({
    kid: k.id,
    alg: k.alg,
    createdAt: k.createdAt,
    retiredAt: k.retiredAt,
    status: k.retiredAt ? "retired" : "active",
    publishedUntil: k.retiredAt ? new Date(k.retiredAt.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000) : null,
  }));
}
