import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { FieldErrors } from "@/lib/actions/result";

/**
 * Puts an action's field errors next to the fields of a react-hook-form form and focuses the first
 * one. Errors for fields the form does not have stay in the action's message.
 */
export function applyFieldErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  fieldErrors: FieldErrors | undefined,
  fields: readonly Path<T>[],
) {
  let first = true;
  for (const field of fields) {
    const message = fieldErrors?.[field]?.[0];
    if (!message) continue;
    setError(field, { type: "server", message }, { shouldFocus: first });
    first = false;
  }
}
