import { forwardRef, type InputHTMLAttributes, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { Field, inputClass, readOnlyClass, type FieldProps } from "./field";

type InputProps = InputHTMLAttributes<HTMLInputElement> & FieldProps;

/** A labelled input whose hint and error are tied to it. */
export const TextField = forwardRef<HTMLInputElement, InputProps>(function TextField({ label, errors, hint, className, id, required, ...props }, ref) {
  return (
    <Field label={label} errors={errors} hint={hint} className={className} id={id} required={required}>
      {(control) => <input ref={ref} {...control} className={`${inputClass} ${props.readOnly ? readOnlyClass : ""}`} {...props} />}
    </Field>
  );
});

type TextAreaProps = TextareaHTMLAttributes<HTMLTextAreaElement> & FieldProps;

export const TextAreaField = forwardRef<HTMLTextAreaElement, TextAreaProps>(function TextAreaField(
  { label, errors, hint, className, id, required, rows = 3, ...props },
  ref,
) {
  return (
    <Field label={label} errors={errors} hint={hint} className={className} id={id} required={required}>
      {(control) => <textarea ref={ref} rows={rows} {...control} className={`${inputClass} font-mono`} {...props} />}
    </Field>
  );
});

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & FieldProps & { options: readonly { value: string; label: string }[]; placeholder?: string };

export const SelectField = forwardRef<HTMLSelectElement, SelectProps>(function SelectField(
  { label, errors, hint, className, id, required, options, placeholder, ...props },
  ref,
) {
  return (
    <Field label={label} errors={errors} hint={hint} className={className} id={id} required={required}>
      {(control) => (
        <select ref={ref} {...control} className={inputClass} {...props}>
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
});

/** A checkbox with its label beside it. */
export const CheckboxField = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string }>(function CheckboxField(
  { label, hint, id, ...props },
  ref,
) {
  const inputId = id ?? `cb-${props.name}`;
  return (
    <div className="flex items-start gap-2">
      <input
        ref={ref}
        id={inputId}
        type="checkbox"
        className="mt-0.5 size-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-500"
        aria-describedby={hint ? `${inputId}-hint` : undefined}
        {...props}
      />
      <div>
        <label htmlFor={inputId} className="text-sm font-medium">
          {label}
        </label>
        {hint && (
          <p id={`${inputId}-hint`} className="text-xs text-slate-500 dark:text-slate-400">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
});
