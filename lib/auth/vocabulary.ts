// The limits a password form shows without loading zod; the schema (lib/auth/schema.ts) enforces them.
/** The strength rules of every password an admin chooses (first admin, invitation, reset, account page). */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;
