import { useId, type ReactNode } from "react";

export const inputClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 disabled:bg-slate-100 disabled:text-slate-500 aria-[invalid=true]:border-red-500 dark:border-slate-700 dark:bg-slate-950 dark:disabled:bg-slate-900";

/** For inputs shown but not editable (readOnly): visibly different from editable ones. */
export const readOnlyClass = "bg-slate-100 text-slate-600 dark:bg-slate-900 dark:text-slate-400";

export type FieldProps = {
  label: string;
  /** The field's error messages (client or server); each is shown on its own line. */
  errors?: string[] | string;
  hint?: ReactNode;
  className?: string;
  id?: string;
  required?: boolean;
};

/**
 * Label, hint and error around one control, tied together with htmlFor and aria-describedby.
 * `children` receives the props the control needs.
 */
export function Field({
  label,
  errors,
  hint,
  className = "",
  id,
  required,
  children,
}: FieldProps & {
  children: (control: { id: string; "aria-invalid"?: true; "aria-describedby"?: string; "aria-required"?: true }) => ReactNode;
}) {
  const autoId = useId();
  const controlId = id ?? autoId;
  const lines = (Array.isArray(errors) ? errors : errors ? [errors] : []).flatMap((e) => e.split("\n")).filter(Boolean);
  const error = lines.length ? lines : undefined;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = `${controlId}-error`;
  const describedBy = [hintId, error ? errorId : undefined].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={controlId} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        {label}
        {required && (
          <span aria-hidden className="text-red-600">
            {" "}
            *
          </span>
        )}
      </label>
      {hint && (
        <p id={hintId} className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
          {hint}
        </p>
      )}
      {children({
        id: controlId,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy,
        "aria-required": required ? true : undefined,
      })}
      <p id={errorId} aria-live="polite" className="mt-1 min-h-4 text-xs text-red-600 dark:text-red-400">
        {lines.map((line, i) => (
          <span key={i} className="block">
            {line}
          </span>
        ))}
      </p>
    </div>
  );
}
