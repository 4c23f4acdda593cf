"use client";

import { Controller, type Control, type FieldPath, type FieldValues } from "react-hook-form";
import { Field, inputClass, type FieldProps } from "./field";

/** "2026-11-25T14:30" in the browser's time zone, for <input type="datetime-local">. */
function toLocalInput(iso: string): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const offsetMs = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offsetMs).toISOString().slice(0, 16);
}

/**
 * A date and time in the admin's local time zone whose value is an RFC 3339 instant ("" when
 * empty): the schema and the server never see a time without its zone.
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
      {(control) => (
        <div className="flex items-center gap-2">
          <input
            {...control}
            type="datetime-local"
            name={name}
            className={inputClass}
            value={toLocalInput(value ?? "")}
            onBlur={onBlur}
            onChange={(e) => onChange(e.target.value ? new Date(e.target.value).toISOString() : "")}
          />
          {value ? (
            <button type="button" className="mt-1 text-sm text-indigo-700 underline dark:text-indigo-300" onClick={() => onChange("")}>
              Clear
            </button>
          ) : null}
        </div>
      )}
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
