"use client";

import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";

/** A titled part of the profiles page with its action button on the right. */
export function Section({
  id,
  title,
  description,
  action,
  children,
}: {
  id: string;
  title: string;
  description: string;
  action: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id={id} className="text-lg font-semibold tracking-tight">
            {title}
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">{description}</p>
        </div>
        {action}
      </div>
      {children}
    </section>
  );
}

/** Identifiers and Ids: monospace, a touch smaller so it sits level with the text beside it. */
export const codeClass = "font-mono text-[0.8125rem]";

/** How many clients use a row: a grey 0 or an indigo count. */
export function UsageCount({ count }: { count: number }) {
  return (
    <span
      className={`inline-flex min-w-7 justify-center rounded-full px-2 py-0.5 text-xs font-medium tabular-nums ${
        count > 0 ? "bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-300" : "bg-slate-100 text-slate-500 dark:bg-slate-800 dark:text-slate-400"
      }`}
    >
      {count}
    </span>
  );
}

/** Edit and Delete for one row; both name the row for screen readers, Delete asks first. */
export function RowActions({
  name,
  onEdit,
  deleteTitle,
  deleteDescription,
  deleteLabel,
  onDelete,
}: {
  name: string;
  onEdit: () => void;
  deleteTitle: string;
  deleteDescription: string;
  deleteLabel: string;
  onDelete: () => Promise<ActionResult<unknown>>;
}) {
  const router = useRouter();
  return (
    <div className="flex justify-end gap-2 max-sm:justify-start">
      <Button variant="secondary" className="px-2.5 py-1 text-xs" onClick={onEdit}>
        Edit<span className="sr-only"> {name}</span>
      </Button>
      <ConfirmButton
        size="small"
        label={
          <>
            Delete<span className="sr-only"> {name}</span>
          </>
        }
        title={deleteTitle}
        description={deleteDescription}
        confirmLabel={deleteLabel}
        onConfirm={onDelete}
        onDone={() => router.refresh()}
      />
    </div>
  );
}
