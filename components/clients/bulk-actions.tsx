"use client";

import { createContext, useContext, useId, useRef, useState, type ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/result";
import {
  BULK_EXPORT_MAX_CLIENTS,
  BULK_MAX_CLIENTS,
  BULK_ROTATE_MAX_CLIENTS,
  bulkSummary,
  type BulkOutcome,
  type BulkRefusal,
  type BulkSecret,
} from "@/lib/clients/bulk-rules";
import type { BulkClientChangeInput, BulkClientExportInput } from "@/lib/clients/bulk-schema";
import { AlertAction, AlertModal } from "@/components/ui/dialog";
import { Button, buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { onDemand } from "@/components/ui/on-demand";
import type { BulkKind } from "./bulk-confirm-form";

// Bulk actions on the clients list (docs/decisions/031): a checkbox per row, "select this page",
// "select all N matching this filter", then one action confirmed in a dialog that names the count.
// The server re-runs the filter (lib/clients/bulk.ts); this bar only says which clients were meant.

type Target = BulkClientChangeInput["target"];

// The confirmation's form (and react-hook-form with it) is fetched with the dialog, not with the page.
const confirmForm = onDemand(() => import("./bulk-confirm-form"));

type Selection = { ids: ReadonlySet<string>; toggle: (id: string, on: boolean) => void };
const SelectionContext = createContext<Selection | null>(null);

/** A row's checkbox, named after its client. */
export function RowCheckbox({ id, clientId }: { id: string; clientId: string }) {
  const selection = useContext(SelectionContext);
  if (!selection) return null;
  return (
    <input
      type="checkbox"
      aria-label={`Select ${clientId}`}
      checked={selection.ids.has(id)}
      onChange={(event) => selection.toggle(id, event.target.checked)}
      className="size-4 accent-indigo-600"
    />
  );
}

const LABELS: Record<BulkKind, { menu: string; verb: string }> = {
  disable: { menu: "Disable", verb: "Disable" },
  enable: { menu: "Enable", verb: "Enable" },
  assignContext: { menu: "Assign a profile context…", verb: "Assign a profile context to" },
  rotate: { menu: "Rotate secrets…", verb: "Rotate the secrets of" },
  export: { menu: "Export (portal JSON)", verb: "Export" },
  delete: { menu: "Delete…", verb: "Delete" },
};

/** The action menu sits on the bar's line: the form fields' look without their full width. */
const selectClass = inputClass.replace("mt-1 block w-full", "w-auto");

const plural = (n: number) => `${n} client${n === 1 ? "" : "s"}`;

/** What a kind can reach at once. */
const maxFor = (kind: BulkKind) => (kind === "rotate" ? BULK_ROTATE_MAX_CLIENTS : kind === "export" ? BULK_EXPORT_MAX_CLIENTS : BULK_MAX_CLIENTS);

/** Saves `text` as a file, built here in the browser; nothing is kept once the download starts. */
function download(filename: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** client_id,secret lines (RFC 4180: a field with a comma, quote or line break is quoted). */
export function secretsCsv(secrets: readonly BulkSecret[]): string {
  const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return ["client_id,secret", ...secrets.map((s) => `${field(s.clientId)},${field(s.value)}`)].join("\r\n") + "\r\n";
}

/**
 * The selection and the bar above the clients table. `pageIds`: the page's clients; `total`: how
 * many the filter matches; `search`: the list's URL query, which the server parses again.
 */
export function BulkSelection({
  pageIds,
  total,
  search,
  contexts,
  canExport,
  change,
  exportClients,
  children,
}: {
  pageIds: string[];
  total: number;
  search: string;
  contexts: { value: string; label: string }[];
  canExport: boolean;
  change: (input: BulkClientChangeInput) => Promise<ActionResult<BulkOutcome>>;
  exportClients: (input: BulkClientExportInput) => Promise<ActionResult<{ body: string; filename: string; count: number; refused: BulkRefusal[] }>>;
  children: ReactNode;
}) {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [kind, setKind] = useState<BulkKind>("disable");
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<{ text: string; refused: BulkRefusal[] } | null>(null);
  const [secrets, setSecrets] = useState<BulkSecret[] | null>(null);
  const barId = useId();
  const applyButton = useRef<HTMLButtonElement>(null);

  const toggle = (id: string, on: boolean) => {
    setAllMatching(false);
    setIds((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  };
  const pageSelected = pageIds.length > 0 && pageIds.every((id) => ids.has(id));
  const count = allMatching ? total : ids.size;
  const target: Target = allMatching ? { kind: "matching", search, count: total } : { kind: "selection", ids: [...ids] };

  // An empty list has nothing to select; the outcome of a deletion that emptied it stays in view.
  const bar = pageIds.length > 0 || outcome !== null;
  return (
    <SelectionContext.Provider value={{ ids, toggle }}>
      <div
        hidden={!bar}
        role="region"
        aria-labelledby={`${barId}-title`}
        className="mb-3 flex flex-wrap items-center gap-x-4 gap-y-2 rounded-xl border border-slate-200 bg-white px-4 py-3 text-sm dark:border-slate-800 dark:bg-slate-900"
      >
        <h2 id={`${barId}-title`} className="sr-only">
          Bulk actions
        </h2>
        {pageIds.length > 0 && (
          <label className="inline-flex items-center gap-2">
            <input
              type="checkbox"
              className="size-4 accent-indigo-600"
              checked={pageSelected}
              ref={(box) => {
                if (box) box.indeterminate = !pageSelected && pageIds.some((id) => ids.has(id));
              }}
              onChange={(event) => {
                setAllMatching(false);
                setIds(event.target.checked ? new Set(pageIds) : new Set());
              }}
            />
            Select this page
          </label>
        )}
        <p aria-live="polite" data-testid="bulk-count" className="text-slate-600 dark:text-slate-400">
          {allMatching ? `All ${plural(total)} matching this filter are selected.` : `${ids.size} selected`}
        </p>
        {pageSelected && !allMatching && total > pageIds.length && (
          <button type="button" className="text-indigo-700 underline dark:text-indigo-300" onClick={() => setAllMatching(true)}>
            Select all {plural(total)} matching this filter
          </button>
        )}
        {(allMatching || ids.size > 0) && (
          <button
            type="button"
            className="text-indigo-700 underline dark:text-indigo-300"
            onClick={() => {
              setAllMatching(false);
              setIds(new Set());
            }}
          >
            Clear selection
          </button>
        )}
        {pageIds.length > 0 && (
          <span className="flex flex-wrap items-center gap-2 sm:ml-auto">
            <label htmlFor={`${barId}-action`} className="font-medium">
              Bulk action
            </label>
            <select id={`${barId}-action`} value={kind} onChange={(event) => setKind(event.target.value as BulkKind)} className={selectClass}>
              {(Object.keys(LABELS) as BulkKind[])
                .filter((k) => k !== "export" || canExport)
                .map((k) => (
                  <option key={k} value={k}>
                    {LABELS[k].menu}
                  </option>
                ))}
            </select>
            <Button
              ref={applyButton}
              variant="secondary"
              disabled={count === 0}
              onClick={() => {
                setOutcome(null);
                setOpen(true);
              }}
            >
              Apply…
            </Button>
          </span>
        )}
        {outcome && (
          <div role="status" data-testid="bulk-outcome" className="w-full rounded-md bg-slate-50 p-3 dark:bg-slate-800">
            <p className="font-medium">{outcome.text}</p>
            {outcome.refused.length > 0 && (
              <ul className="mt-1 list-disc pl-5 text-slate-600 dark:text-slate-300">
                {outcome.refused.map((r) => (
                  <li key={r.reason}>
                    {r.count} refused: {r.reason}
                    {r.clientIds.length > 0 && (
                      <span className="font-mono">
                        {" "}
                        ({r.clientIds.join(", ")}
                        {r.count > r.clientIds.length ? ", …" : ""})
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      {children}
      {open && (
        <ConfirmBulk
          kind={kind}
          target={target}
          count={count}
          contexts={contexts}
          returnFocusTo={applyButton}
          onCancel={() => setOpen(false)}
          run={async ({ action, reason }) => {
            if (kind === "export") {
              const result = await exportClients({ target });
              if (result.ok) {
                download(result.data.filename, result.data.body, "application/json");
                setOutcome({ text: `${plural(result.data.count)} exported.`, refused: result.data.refused });
              }
              return result;
            }
            const result = await change({ target, action, reason });
            if (result.ok) {
              setOutcome({ text: bulkSummary(result.data), refused: result.data.refused });
              if (result.data.secrets.length) setSecrets(result.data.secrets);
              setIds(new Set());
              setAllMatching(false);
            }
            return result;
          }}
          onDone={() => setOpen(false)}
        />
      )}
      <BulkSecretsDialog secrets={secrets} onClose={() => setSecrets(null)} returnFocusTo={applyButton} />
    </SelectionContext.Provider>
  );
}

/**
 * The confirmation: the action and the count in words, then the form of what the action needs,
 * fetched with the dialog (./bulk-confirm-form.tsx). The dialog opens once the form is there.
 */
function ConfirmBulk({
  kind,
  target,
  count,
  contexts,
  returnFocusTo,
  onCancel,
  run,
  onDone,
}: {
  kind: BulkKind;
  target: Target;
  count: number;
  contexts: { value: string; label: string }[];
  returnFocusTo: React.RefObject<HTMLElement | null>;
  onCancel: () => void;
  run: (values: BulkClientChangeInput) => Promise<ActionResult<unknown>>;
  onDone: () => void;
}) {
  const form = confirmForm.useModule(true);
  return (
    <AlertModal
      open={form !== undefined}
      onOpenChange={(next) => !next && onCancel()}
      returnFocusTo={returnFocusTo}
      title={`${LABELS[kind].verb} ${plural(count)}?`}
      description={
        <p data-testid="bulk-confirm-text">
          {kind === "export"
            ? `The ${plural(count)} and the profiles, profile contexts and scopes they name, as a portal JSON file.`
            : kind === "delete"
              ? `The ${plural(count)} and all their secrets are deleted. Their callers stop working at once.`
              : kind === "rotate"
                ? `Each of the ${plural(count)} gets a new secret, shown once; its current secret keeps working for the grace period.`
                : `${LABELS[kind].verb} ${plural(count)}.`}{" "}
          {kind !== "export" && "A client of a profile that needs approval becomes a change request; each client is audited."}
        </p>
      }
    >
      {form && (
        <form.BulkConfirmForm
          kind={kind}
          target={target}
          count={count}
          max={maxFor(kind)}
          contexts={contexts}
          submitLabel={kind === "export" ? `Export ${plural(count)}` : `${LABELS[kind].menu.replace("…", "")} — ${plural(count)}`}
          run={run}
          onDone={onDone}
          onCancel={onCancel}
        />
      )}
    </AlertModal>
  );
}

/**
 * The new secrets of a rotation, shown once (the reveal dialog's rule): they live only in this
 * dialog's state; closing it drops them. The CSV is built here from the same answer, never stored.
 */
function BulkSecretsDialog({
  secrets,
  onClose,
  returnFocusTo,
}: {
  secrets: BulkSecret[] | null;
  onClose: () => void;
  returnFocusTo: React.RefObject<HTMLElement | null>;
}) {
  return (
    <AlertModal
      open={secrets !== null}
      returnFocusTo={returnFocusTo}
      title="Copy the new secrets now"
      description={
        <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200">
          <strong>These secrets will not be shown again.</strong> Only their hashes are stored. Download them or store each in your secret manager before you
          close this dialog; the old secrets keep working until their grace ends.
        </p>
      }
    >
      {secrets && (
        <div className="space-y-4">
          <Button variant="secondary" data-autofocus onClick={() => download(`rotated-secrets-${secrets.length}.csv`, secretsCsv(secrets), "text/csv")}>
            Download CSV (client_id,secret)
          </Button>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">New secrets</caption>
            <thead>
              <tr>
                <th className="py-1 pr-2">Client ID</th>
                <th className="py-1">Secret</th>
              </tr>
            </thead>
            <tbody>
              {secrets.map((s) => (
                <tr key={s.clientId} className="border-t border-slate-200 align-top dark:border-slate-700">
                  <td className="py-1 pr-2 font-mono [overflow-wrap:anywhere]">{s.clientId}</td>
                  <td className="py-1 font-mono break-all" data-testid="bulk-secret">
                    {s.value}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="flex justify-end">
            <AlertAction className={buttonClass("primary")} onClick={onClose}>
              I have stored them
            </AlertAction>
          </div>
        </div>
      )}
    </AlertModal>
  );
}
