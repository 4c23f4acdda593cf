"use client";

import { useState, type ReactNode } from "react";

/**
 * Filters behind a native disclosure (<details>: the keyboard and screen readers know it). Open at
 * first when `initiallyOpen` (one of its filters is in use); after that the person decides: a filter
 * cleared inside it does not fold it away under their focus.
 */
export function FilterDisclosure({ summary, initiallyOpen, children }: { summary: string; initiallyOpen: boolean; children: ReactNode }) {
  const [open] = useState(initiallyOpen);
  return (
    <details className="w-full" open={open} data-testid="more-filters">
      <summary className="w-fit cursor-pointer rounded text-sm font-medium text-indigo-700 dark:text-indigo-300">{summary}</summary>
      <div className="mt-2 flex flex-wrap items-end gap-3">{children}</div>
    </details>
  );
}
