import { buttonClass } from "@/components/ui/button";

/**
 * Downloads the `{"open_id_connect": [ … ]}` document (all providers, or one with `id`). A plain
 * form post: the route handler checks the session, audits the export and answers with a file.
 */
export function ExportForm({ id, label }: { id?: string; label: string }) {
  const boxId = id ? `include-secrets-${id}` : "include-secrets";
  return (
    <form method="post" action="/providers/export" className="flex flex-wrap items-center gap-x-4 gap-y-2">
      {id && <input type="hidden" name="id" value={id} />}
      <div className="flex items-start gap-2">
        <input id={boxId} type="checkbox" name="includeSecrets" className="mt-0.5 size-4 rounded border-slate-300" aria-describedby={`${boxId}-hint`} />
        <div>
          <label htmlFor={boxId} className="text-sm font-medium">
            Include client secrets
          </label>
          <p id={`${boxId}-hint`} className="text-xs text-slate-500 dark:text-slate-400">
            Decrypted into the file in clear text. The export is recorded in the audit log.
          </p>
        </div>
      </div>
      <button type="submit" className={buttonClass("secondary", "ml-auto")}>
        {label}
      </button>
    </form>
  );
}
