import type { z } from "zod";

/** Field path → messages. Paths are dotted ("messages.signIn"); list indexes are dropped, so an
 * error in the 2nd redirect URI lands on the "redirectUris" field. */
export type FieldErrors = Record<string, string[]>;

export type ActionResult<T = null> =
  | { ok: true; data: T }
  | { ok: false; message: string; fieldErrors?: FieldErrors };

/** A refusal that an action body throws: the message (and field errors) reach the form. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = "ActionError";
  }
}

/** Every issue of a zod error, keyed by field path (all of them, not just the first). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.filter((p) => typeof p === "string").join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
