import type { ButtonHTMLAttributes, Ref } from "react";

type Variant = "primary" | "secondary" | "danger" | "ghost";

// Hover colours only while enabled (`not-disabled:`; a link styled as a button is never disabled).
const variants: Record<Variant, string> = {
  primary: "bg-indigo-600 text-white hover:not-disabled:bg-indigo-500",
  secondary:
    "border border-slate-300 bg-white text-slate-800 hover:not-disabled:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:not-disabled:bg-slate-800",
  danger: "bg-red-600 text-white hover:not-disabled:bg-red-500",
  ghost: "text-slate-700 hover:not-disabled:bg-slate-100 dark:text-slate-300 dark:hover:not-disabled:bg-slate-800",
};

/**
 * The one look of a button, for <button> and for links styled as one. Disabled (by `disabled` or by a
 * disabled fieldset, e.g. an Auditor's read-only form): faded, no hover, a not-allowed cursor —
 * the same for every variant.
 */
export function buttonClass(variant: Variant = "primary", extra = "") {
  return `inline-flex items-center justify-center gap-2 rounded-md px-3.5 py-2 text-sm font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-50 ${variants[variant]} ${extra}`;
}

export function Button({
  variant = "primary",
  pending = false,
  className = "",
  children,
  disabled,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; pending?: boolean; ref?: Ref<HTMLButtonElement> }) {
  return (
    <button {...props} disabled={disabled || pending} aria-busy={pending || undefined} className={buttonClass(variant, className)}>
      {pending && <span aria-hidden className="size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent" />}
      {children}
    </button>
  );
}
