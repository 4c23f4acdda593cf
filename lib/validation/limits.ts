// The text limits of the forms' fields, in one place without zod: the schemas (lib/<area>/schema.ts)
// enforce them, and the forms put them on their inputs as maxLength without loading zod
// (docs/decisions/015). lib/validation/limits.test.ts checks the schemas use them.
export const LIMITS = {
  /** Identifiers: client_id, a profile's identifier, a scope's name. */
  key: 100,
  /** Display names, a profile context's category and D0. */
  name: 200,
  description: 2000,
  /** A secret's description (and the first secret's). */
  shortText: 200,
  /** A list of redirect URIs, one a line. */
  uriLines: 20_000,
  /** A password an admin chooses (first admin, invitation, reset, account page) has at least… */
  passwordMin: 12,
  /** …and at most this many characters. */
  password: 1024,
} as const;
