"use client";

import { useId } from "react";

/** A group of checkboxes whose value is the list of checked values (a <fieldset> with a legend). */
export function CheckboxGroup({
  legend,
  hint,
  options,
  value,
  onChange,
  error,
  name,
}: {
  legend: string;
  hint?: string;
  options: readonly { value: string; label: string; detail?: string }[];
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
  name: string;
}) {
  const id = useId();
  const toggle = (option: string, checked: boolean) => onChange(checked ? [...value, option] : value.filter((v) => v !== option));
  return (
    <fieldset aria-describedby={`${id}-hint ${id}-error`} aria-invalid={error ? true : undefined}>
      <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">{legend}</legend>
      {hint && (
        <p id={`${id}-hint`} className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
          {hint}
        </p>
      )}
      <div className="mt-2 grid gap-2 sm:grid-cols-2">
        {options.map((option) => (
          <label
            key={option.value}
            className="flex items-start gap-2 rounded-md border border-slate-200 px-3 py-2 text-sm has-[:checked]:border-indigo-400 has-[:checked]:bg-indigo-50 dark:border-slate-700 dark:has-[:checked]:bg-indigo-950"
          >
            <input
              type="checkbox"
              name={name}
              value={option.value}
              checked={value.includes(option.value)}
              onChange={(e) => toggle(option.value, e.target.checked)}
              className="mt-0.5 size-4"
            />
            <span>
              <span className="font-mono">{option.label}</span>
              {option.detail && <span className="block text-xs text-slate-500 dark:text-slate-400">{option.detail}</span>}
            </span>
          </label>
        ))}
      </div>
      <p id={`${id}-error`} aria-live="polite" className="mt-1 min-h-4 text-xs text-red-600 dark:text-red-400">
        {error}
      </p>
    </fieldset>
  );
}
