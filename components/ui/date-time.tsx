import { exactInstant, formatInstant } from "@/lib/validation/format-instant";

/** An instant as the portal shows it: readable, in UTC, the exact instant on hover. */
export function DateTime({ value, empty = "—" }: { value: Date | string | null | undefined; empty?: string }) {
  if (value === null || value === undefined || value === "") return <>{empty}</>;
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return <>{empty}</>;
  return (
    <time dateTime={exactInstant(date)} title={exactInstant(date)} className="whitespace-nowrap">
      {formatInstant(date)}
    </time>
  );
}
