"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, type ReactNode } from "react";
import { buttonClass } from "./button";

/** How long typing pauses before the list follows it. */
export const SEARCH_DEBOUNCE_MS = 300;

/** The list's URL for the form's fields: empty ones and defaults left out (and so the page number). */
export function filterHref(action: string, fields: Iterable<[string, FormDataEntryValue]>, defaults: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of fields) {
    if (typeof value === "string" && value.trim() !== "" && value !== defaults[name]) params.set(name, value);
  }
  return params.size > 0 ? `${action}?${params}` : action;
}

/**
 * A list's search and filters. A plain GET form underneath (without script, Apply submits it and the
 * URL is the list); with script the list follows as you type — 300 ms after the last key, a choice at
 * once — and the URL is replaced to match, so it can still be shared. Empty fields and `defaults`
 * stay out of the URL; the page number does too (a new search starts at the first page).
 *
 * `values` are the fields' values as the server read them from the URL: when the URL changes some
 * other way (a "Clear filters" link, Back), the fields follow, except the one being typed in.
 */
export function FilterForm({
  action,
  label,
  values,
  defaults = {},
  className = "",
  children,
}: {
  action: string;
  label: string;
  values: Record<string, string>;
  defaults?: Record<string, string>;
  className?: string;
  children: ReactNode;
}) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const follow = () => {
    clearTimeout(timer.current);
    if (!form.current) return;
    const href = filterHref(action, new FormData(form.current), defaults);
    if (href !== `${location.pathname}${location.search}`) router.replace(href, { scroll: false });
  };

  const later = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(follow, SEARCH_DEBOUNCE_MS);
  };

  const valuesKey = JSON.stringify(values);
  useEffect(() => {
    const elements = form.current?.elements;
    if (!elements) return;
    for (const [name, value] of Object.entries(JSON.parse(valuesKey) as Record<string, string>)) {
      const element = elements.namedItem(name);
      if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement) || element.value === value) continue;
      // The field being typed in keeps its text (typed before the page was ready, or since the last
      // search) and the list catches up; the others follow the URL.
      if (element === document.activeElement) later();
      else element.value = value;
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when the URL's values change; `later` only reads refs.
  }, [valuesKey]);
  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <form
      ref={form}
      method="get"
      action={action}
      role="search"
      aria-label={label}
      className={`mb-4 flex flex-wrap items-end gap-3 ${className}`}
      onChange={(event) => {
        if (event.target instanceof HTMLSelectElement) follow();
        else later();
      }}
      onSubmit={(event) => {
        event.preventDefault();
        follow();
      }}
    >
      {children}
      {/* Only without script: with it, the list follows the fields by itself. */}
      <noscript>
        <button type="submit" className={buttonClass("secondary", "mb-px")}>
          Apply
        </button>
      </noscript>
    </form>
  );
}
