import type { z } from "zod";

/** Field path → messages. Paths are dotted ("messages.signIn"); list indexes are dropped, so an
 * error in the 2nd redirect URI lands on the "redirectUris" field. */
export type FieldErrors = Record<string, string[]>;

/** Why an action refused before its body ran: nobody signed in, or the role may not do it. */
export type RefusalCode = "unauthenticated" | "forbidden";

export type ActionResult<T = null> = { ok: true; data: T } | { ok: false; message: string; fieldErrors?: FieldErrors; code?: RefusalCode };

/** A refusal that a service or action body throws: the message (and field errors) reach the form. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = "ActionError";
  }
}

/** The record is gone, or outside the caller's reach (the REST API answers 404). */
export class NotFoundError extends ActionError {
  constructor(message: string) {
    super(message);
    this.name = "NotFoundError";
  }
}

/** The request is well-formed but the record's state refuses it (stale version, built-in scope, in use) — 409. */
export class ConflictError extends ActionError {
  constructor(message: string, fieldErrors?: FieldErrors) {
    super(message, fieldErrors);
    this.name = "ConflictError";
  }
}

/** The caller may not do this (role, or scope of responsibility) — 403. */
export class ForbiddenError extends ActionError {
  constructor(message: string) {
    super(message);
    this.name = "ForbiddenError";
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
