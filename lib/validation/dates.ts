import { z } from "zod";

/** RFC 3339 in UTC, to the second: 2026-11-25T11:24:00Z. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * An optional instant from a form: "" or null means none, else an ISO 8601 / RFC 3339 timestamp with
 * an offset (the date input converts the admin's local time before it reaches the schema).
 */
const instantOrNone = z.union([z.literal(""), z.null(), z.iso.datetime({ offset: true, message: "Enter a valid date and time." })]);
export const optionalInstantSchema = instantOrNone.optional().transform((value) => (value ? new Date(value) : null));

/** The same, but a value left out stays undefined (an API field whose default is decided later); "" or null: none. */
export const omittableInstantSchema = instantOrNone.optional().transform((value) => (value === undefined ? undefined : value ? new Date(value) : null));
