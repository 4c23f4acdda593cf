import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { FieldErrors } from "@/lib/actions/result";

/** Puts the server's field errors next to the fields (the same place as client-side messages). */
export function applyServerErrors<T extends FieldValues>(setError: UseFormSetError<T>, fieldErrors: FieldErrors | undefined) {
  let first = true;
  for (const [field, messages] of Object.entries(fieldErrors ?? {})) {
    if (field === "_form" || !messages[0]) continue;
    // Every message, one per line (several bad redirect URIs each get their own).
    setError(field as Path<T>, { type: "server", message: messages.join("\n") }, { shouldFocus: first });
    first = false;
  }
}

/**
 * Every message of a field's error, wherever zod put them (each bad redirect URI has its own), in
 * order and without repeats.
 */
export function errorMessages(error: unknown): string[] {
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (!value || typeof value !== "object") return;
    const message = (value as { message?: unknown }).message;
    if (typeof message === "string" && message) for (const line of message.split("\n")) if (!out.includes(line)) out.push(line);
    for (const [key, nested] of Object.entries(value)) if (key !== "ref" && key !== "types" && key !== "message") walk(nested);
  };
  walk(error);
  return out;
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
