"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { importConfigurationDocument } from "@/lib/config/actions";
import type { ImportReport, PlanEntry } from "@/lib/config/service";

type Format = "usercube-xml" | "portal-json";

const KIND_LABEL: Record<PlanEntry["kind"], string> = {
  profile: "Profile",
  profileContext: "Profile context",
  scope: "Scope",
  client: "Client",
  provider: "Identity provider",
};

const ACTION_STYLE: Record<PlanEntry["action"], string> = {
  create: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  change: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300",
  unchanged: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
};

const show = (value: unknown) => (value === null ? "—" : Array.isArray(value) ? value.join(", ") : String(value));

/** A format guessed from the text: XML starts with <, anything else is JSON. */
const guessFormat = (text: string): Format => (text.trimStart().startsWith("<") ? "usercube-xml" : "portal-json");

/**
 * Import a Usercube XML or a portal JSON document, all or nothing, in two steps: "Review import"
 * plans it (a dry run: what would be created, changed, left unchanged; nothing written), then
 * "Import" writes exactly that document with those options. Any edit of the document or the options
 * drops the plan, so nothing is imported that was not reviewed.
 */
export function ImportPanel() {
  const router = useRouter();
  const [text, setText] = useState("");
  const [format, setFormat] = useState<Format>("usercube-xml");
  const [createMissingProfiles, setCreateMissingProfiles] = useState(false);
  const [passphrase, setPassphrase] = useState("");
  const [report, setReport] = useState<ImportReport | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const ids = { file: useId(), text: useId(), missing: useId(), passphrase: useId() };
  /** A valid plan of the current document and options: the only state in which Import is offered. */
  const reviewed = report !== null && report.valid && !report.applied;
  const forget = () => {
    setReport(null);
    setMessage(null);
  };

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 1_000_000) {
      setMessage("The file is larger than 1 MB; import it with POST /api/v0/import.");
      return;
    }
    const content = await file.text();
    setText(content);
    setFormat(guessFormat(content));
    setReport(null);
    setMessage(null);
  };

  const run = (dryRun: boolean) =>
    startTransition(async () => {
      setMessage(null);
      const result = await importConfigurationDocument({ format, text, dryRun, createMissingProfiles, passphrase: passphrase || undefined });
      if (!result.ok) {
        setReport(null);
        setMessage(result.message);
        return;
      }
      setReport(result.data);
      if (result.data.applied) router.refresh();
    });

  return (
    <div className="space-y-4">
      <fieldset>
        <legend className="text-sm font-medium">Format</legend>
        <div className="mt-1 flex flex-wrap gap-4 text-sm">
          {(
            [
              ["usercube-xml", "Usercube XML (ProfileContext, OpenIdClient)"],
              ["portal-json", "Portal JSON (the whole portal)"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex items-center gap-2">
              <input
                type="radio"
                name="format"
                value={value}
                checked={format === value}
                onChange={() => {
                  setFormat(value);
                  forget();
                }}
                className="size-4"
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <label htmlFor={ids.file} className="block text-sm font-medium">
          Upload a file
        </label>
        <input
          id={ids.file}
          type="file"
          accept=".xml,.json,application/xml,text/xml,application/json"
          onChange={(e) => readFile(e.target.files?.[0])}
          className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium dark:file:border-slate-700 dark:file:bg-slate-900 dark:file:text-slate-100"
        />
      </div>
      <div>
        <label htmlFor={ids.text} className="block text-sm font-medium">
          Or paste the document
        </label>
        <textarea
          id={ids.text}
          rows={8}
          spellCheck={false}
          maxLength={1_000_000}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value.trim()) setFormat(guessFormat(e.target.value));
            forget();
          }}
          placeholder={'<OpenIdClient Identifier="Job" HashedSecret="…" DisplayName_L1="ClientId for Jobs" Profile="Administrator" />'}
          className={`${inputClass} font-mono text-xs`}
        />
      </div>
      <div className="flex flex-wrap gap-x-6 gap-y-3">
        <div className="flex items-start gap-2">
          <input
            id={ids.missing}
            type="checkbox"
            checked={createMissingProfiles}
            onChange={(e) => {
              setCreateMissingProfiles(e.target.checked);
              forget();
            }}
            className="mt-0.5 size-4 rounded border-slate-300"
            aria-describedby={`${ids.missing}-hint`}
          />
          <div>
            <label htmlFor={ids.missing} className="text-sm font-medium">
              Create missing profiles
            </label>
            <p id={`${ids.missing}-hint`} className="text-xs text-slate-500 dark:text-slate-400">
              Otherwise a client naming an unknown profile is a problem.
            </p>
          </div>
        </div>
        {format === "portal-json" && (
          <div className="min-w-64">
            <label htmlFor={ids.passphrase} className="block text-sm font-medium">
              Passphrase (only for encrypted provider secrets)
            </label>
            <input
              id={ids.passphrase}
              type="password"
              autoComplete="off"
              maxLength={1000}
              value={passphrase}
              onChange={(e) => {
                setPassphrase(e.target.value);
                forget();
              }}
              className={inputClass}
            />
          </div>
        )}
      </div>
      <div className="flex flex-wrap justify-end gap-2">
        <Button type="button" variant={reviewed ? "secondary" : "primary"} onClick={() => run(true)} pending={pending} disabled={!text.trim()}>
          {reviewed ? "Review again" : "Review import"}
        </Button>
      </div>
      <div aria-live="polite" data-testid="config-import-result">
        {message && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-300">
            {message}
          </p>
        )}
        {report && <ImportReportView report={report} />}
      </div>
      {reviewed && (
        <div data-testid="config-import-confirm" className="flex flex-wrap items-center justify-end gap-3 border-t border-slate-200 pt-4 dark:border-slate-800">
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {report.summary.create + report.summary.change === 0
              ? "Nothing to import: everything is already as the document says."
              : "Import writes the plan above, in one transaction."}
          </p>
          <Button type="button" onClick={() => run(false)} pending={pending} disabled={report.summary.create + report.summary.change === 0}>
            {`Import: create ${report.summary.create}, change ${report.summary.change}`}
          </Button>
        </div>
      )}
    </div>
  );
}

function ImportReportView({ report }: { report: ImportReport }) {
  const { create, change, unchanged } = report.summary;
  const headline = !report.valid
    ? `The document has ${report.problems.length} problem${report.problems.length === 1 ? "" : "s"}. Nothing was imported.`
    : report.applied
      ? `Imported: ${create} created, ${change} changed, ${unchanged} unchanged.`
      : `Plan — nothing was written yet. Importing would create ${create}, change ${change} and leave ${unchanged} unchanged.`;
  return (
    <div className="space-y-3">
      <p
        role={report.valid ? "status" : "alert"}
        className={`rounded-md px-3 py-2 text-sm font-medium ${report.valid ? "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300" : "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-300"}`}
      >
        {headline}
      </p>
      {report.problems.length > 0 && (
        <ul aria-label="Problems" className="space-y-1 rounded-md border border-red-200 p-3 text-sm dark:border-red-900">
          {report.problems.map((p, i) => (
            <li key={i} className="break-words">
              <code className="font-mono text-xs font-semibold">{p.path}</code>: {p.message}
            </li>
          ))}
        </ul>
      )}
      {report.warnings.length > 0 && (
        <ul
          aria-label="Warnings"
          className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          {report.warnings.map((w, i) => (
            <li key={i} className="break-words">
              <span className="font-semibold">Warning</span> <code className="font-mono text-xs">{w.path}</code>: {w.message}
            </li>
          ))}
        </ul>
      )}
      {report.entries.length > 0 && (
        <ul aria-label="Entries" className="divide-y divide-slate-200 rounded-md border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800">
          {report.entries.map((entry) => (
            <li key={`${entry.kind}:${entry.key}`} className="p-3">
              <div className="flex flex-wrap items-center gap-2">
                <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${ACTION_STYLE[entry.action]}`}>{entry.action}</span>
                <span className="text-slate-600 dark:text-slate-400">{KIND_LABEL[entry.kind]}</span>
                <span className="font-mono font-medium break-all">{entry.key}</span>
                <code className="text-xs text-slate-500 break-all">{entry.path}</code>
              </div>
              {entry.changes.length > 0 && entry.action !== "unchanged" && (
                <ul className="mt-1 space-y-0.5 pl-4 text-xs">
                  {entry.changes.map((c, i) => (
                    <li key={i} className="break-words">
                      <span className="font-mono font-semibold">{c.field}</span>: {entry.action === "create" ? show(c.to) : `${show(c.from)} → ${show(c.to)}`}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
