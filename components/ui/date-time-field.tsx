"use client";

import { Controller, type Control, type FieldPath, type FieldValues } from "react-hook-form";
import { formatInstant } from "@/lib/validation/format-instant";
import { Field, inputClass, type FieldProps } from "./field";

/** "2026-11-25T14:30" in UTC — the one time zone the portal shows — for <input type="datetime-local">. */
function toUtcInput(iso: string): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return date.toISOString().slice(0, 16);
}

/** The input's "2026-11-25T14:30" read as UTC. */
function fromUtcInput(value: string): string {
  const date = new Date(`${value}:00Z`);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString();
}

/**
 * A date and time in UTC (stated beside the input, as every table states it) whose value is an
 * RFC 3339 instant ("" when empty): the schema and the server never see a time without its zone.
 */
export function DateTimeField({
  value,
  onChange,
  onBlur,
  name,
  ...field
}: FieldProps & { value: string | null | undefined; onChange: (iso: string) => void; onBlur?: () => void; name: string }) {
  return (
    <Field {...field}>
      {(control) => {
        // The browser shows the picker in its own locale (say 12/06/2026, 03:42 PM); the portal's
        // one format (lib/validation/format-instant.ts) is shown beside it, as every page shows dates.
        const date = value ? new Date(value) : null;
        const chosen = date && !Number.isNaN(date.getTime()) ? formatInstant(date) : null;
        const readoutId = `${control.id}-chosen`;
        const describedBy = [control["aria-describedby"], chosen ? readoutId : undefined].filter(Boolean).join(" ") || undefined;
        return (
          <>
            <div className="flex items-center gap-2">
              <input
                {...control}
                aria-describedby={describedBy}
                type="datetime-local"
                name={name}
                className={inputClass}
                value={toUtcInput(value ?? "")}
                onBlur={onBlur}
                onChange={(e) => onChange(e.target.value ? fromUtcInput(e.target.value) : "")}
              />
              <span className="mt-1 text-sm text-slate-600 dark:text-slate-400">UTC</span>
              {value ? (
                <button
                  type="button"
                  className="mt-1 text-sm text-indigo-700 underline disabled:cursor-not-allowed disabled:text-slate-400 disabled:no-underline dark:text-indigo-300 dark:disabled:text-slate-500"
                  onClick={() => onChange("")}
                >
                  Clear
                </button>
              ) : null}
            </div>
            {chosen && (
              // Intl's output could differ by a character between Node and the browser: the server's stands.
              <p id={readoutId} data-testid="date-time-chosen" suppressHydrationWarning className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                {chosen}
              </p>
            )}
          </>
        );
      }}
    </Field>
  );
}

/** A DateTimeField bound to a react-hook-form field (its value is the RFC 3339 string or ""). */
export function DateTimeController<T extends FieldValues, TOutput = T>({
  control,
  name,
  ...field
}: FieldProps & { control: Control<T, unknown, TOutput>; name: FieldPath<T> }) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field: { value, onChange, onBlur } }) => (
        <DateTimeField {...field} name={name} value={value as string | null | undefined} onChange={onChange} onBlur={onBlur} />
      )}
    />
  );
}
