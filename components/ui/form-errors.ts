import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { FieldErrors } from "@/lib/actions/result";

/** Puts the server's field errors next to the fields (the same place as client-side messages). */
export function applyServerErrors<T extends FieldValues>(setError: UseFormSetError<T>, fieldErrors: FieldErrors | undefined) {
  let first = true;
  for (const [field, messages] of Object.entries(fieldErrors ?? {})) {
    if (field === "_form" || !messages[0]) continue;
    setError(field as Path<T>, { type: "server", message: messages[0] }, { shouldFocus: first });
    first = false;
  }
}

/**
 * The first message of a field's error, wherever zod put it: a list field (one URI per line) gets
 * its errors per item (`errors.redirectUris[1].message`), shown on the field itself.
 */
export function errorMessage(error: unknown): string | undefined {
  if (!error || typeof error !== "object") return undefined;
  const message = (error as { message?: unknown }).message;
  if (typeof message === "string" && message) return message;
  for (const [key, value] of Object.entries(error)) {
    if (key === "ref" || key === "types") continue; // a DOM element, and the per-rule messages
    const nested = errorMessage(value);
    if (nested) return nested;
  }
  return undefined;
}
