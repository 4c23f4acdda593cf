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
export const invalidField = (path: string, message: string) => new ApiError(400, "invalid_request", "Some fields need attention.", [{ path, message }]);
