import "server-only";
import { decryptString, encrypt } from "@/lib/crypto/encryption";

// A provider's client secret is encrypted at rest (lib/crypto/encryption.ts). The ciphertext is
// bound to its row by the AAD, so an envelope copied onto another provider does not open.

const aad = (providerId: string) => `identity-provider:${providerId}:client_secret`;

/** Encrypts a provider's client secret for the clientSecretEncrypted column. */
export function sealClientSecret(providerId: string, secret: string): string {
  return encrypt(secret, aad(providerId));
}

/** Decrypts a provider's stored client secret (only for an export the admin asked secrets in). */
export function openClientSecret(providerId: string, envelope: string): string {
  return decryptString(envelope, aad(providerId));
}
