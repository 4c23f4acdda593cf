import type { InputHTMLAttributes, ReactNode } from "react";
import { inputClass } from "./field";
import { Link } from "./link";

/** A list filter's search box, labelled; it takes the row's free width. `children`: e.g. its datalist. */
export function FilterSearch({
  label,
  name,
  id = name,
  className = "min-w-56 flex-1",
  children,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; children?: ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input id={id} name={name} type="search" {...input} className={inputClass} />
      {children}
    </div>
  );
}

/** A list filter's choice, labelled; `any` names the empty choice (no filter), when there is one. */
export function FilterSelect({
  label,
  name,
  id = name,
  defaultValue,
  any,
  options,
}: {
  label: string;
  name: string;
  id?: string;
  defaultValue: string;
  any?: string;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <select id={id} name={name} defaultValue={defaultValue} className={inputClass}>
        {any !== undefined && <option value="">{any}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Back to the unfiltered list. */
export function ClearFilters({ href }: { href: string }) {
  return (
    <Link href={href} className="mb-2 text-sm text-indigo-700 underline dark:text-indigo-300">
      Clear filters
    </Link>
  );
}
