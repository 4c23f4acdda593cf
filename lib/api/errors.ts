import { ActionError, type FieldErrors } from "@/lib/actions/result";

/**
 * Refusals whose kind matters to the REST API. They are ActionErrors, so a server action shows them
 * to the admin exactly like any other refusal; the API maps them to 404 and 409.
 */
export class NotFoundError extends ActionError {
  constructor(message: string) {
    super(message);
    this.name = "NotFoundError";
  }
}

/** The request is well-formed but the record's state refuses it (stale version, built-in scope, in use). */
export class ConflictError extends ActionError {
  constructor(message: string, fieldErrors?: FieldErrors) {
    super(message, fieldErrors);
    this.name = "ConflictError";
  }
}

/** An error the API answers as-is: status, OAuth-style error code, message, optional field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: { path: string; message: string }[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const forbidden = (message: string) => new ApiError(403, "forbidden", message);
export const notFound = (message: string) => new ApiError(404, "not_found", message);

/** A 400 with one field error (path in the API's snake_case names). */
export const invalidField = (path: string, message: string) =>
  new ApiError(400, "invalid_request", "Some fields need attention.", [{ path, message }]);
