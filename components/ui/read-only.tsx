/**
 * Shows its content but disables every control in it when the admin's role may only read (a
 * disabled fieldset disables all its inputs and buttons). A convenience: the server refuses anyway.
 */
export function ReadOnly({ when, reason, children }: { when: boolean; reason: string; children: React.ReactNode }) {
  if (!when) return <>{children}</>;
  return (
    <fieldset disabled aria-describedby="read-only-reason" className="min-w-0 space-y-6">
      <p
        id="read-only-reason"
        className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400"
      >
        {reason}
      </p>
      {children}
    </fieldset>
  );
}
