import type { ReactNode } from "react";

/** The red-bordered foot of a record's page: its irreversible or disruptive actions, one row each. */
export function DangerZone({ children }: { children: ReactNode }) {
  return (
    <section aria-labelledby="danger-heading" className="rounded-xl border border-red-200 bg-white p-5 dark:border-red-900 dark:bg-slate-900">
      <h2 id="danger-heading" className="text-lg font-semibold">
        Danger zone
      </h2>
      <div className="divide-y divide-slate-100 dark:divide-slate-800">{children}</div>
    </section>
  );
}

/** One row of the danger zone: what the action does, and its button (which asks first). */
export function DangerAction({ title, text, children }: { title: string; text: ReactNode; children: ReactNode }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 py-4 last:pb-0">
      <div>
        <p className="font-medium">{title}</p>
        <p className="text-sm text-slate-600 dark:text-slate-400">{text}</p>
      </div>
      {children}
    </div>
  );
}
