"use client";

import { useState, useTransition } from "react";
import type { UseFormReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { applyServerErrors } from "@/components/ui/form-errors";
import { testProviderConnection } from "@/lib/providers/actions";
import type { ConnectionReport } from "@/lib/providers/discovery";
import type { ProviderFormValues } from "./provider-form";

const MARKS = {
  pass: { symbol: "✓", label: "Passed", className: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300" },
  fail: { symbol: "✗", label: "Failed", className: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300" },
  skip: { symbol: "–", label: "Skipped", className: "bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-400" },
} as const;

const FIELDS = ["authority", "metadataAddress", "responseType", "responseMode", "prompt", "scope"] as const;

/** "Test connection": fetches the discovery document for the form's current values; a checklist. */
export function TestConnection({ form }: { form: UseFormReturn<ProviderFormValues> }) {
  const [report, setReport] = useState<ConnectionReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const run = () =>
    startTransition(async () => {
      setReport(null);
      setError(null);
      if (!(await form.trigger([...FIELDS]))) {
        setError("Fix the highlighted fields first.");
        return;
      }
      const values = form.getValues();
      const result = await testProviderConnection({
        authority: values.authority,
        metadataAddress: values.metadataAddress,
        responseType: values.responseType,
        responseMode: values.responseMode,
        prompt: values.prompt,
        scope: values.scope,
      });
      if (!result.ok) {
        setError(result.message);
        applyServerErrors(form.setError, result.fieldErrors);
        return;
      }
      setReport(result.data);
    });

  const failed = report?.checks.filter((c) => c.status === "fail").length ?? 0;

  return (
    <div className="mt-2 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <p className="text-sm font-medium">Connection</p>
          <p className="text-xs text-slate-500 dark:text-slate-400">Fetches the discovery document and checks it against these settings.</p>
        </div>
        <Button type="button" variant="secondary" onClick={run} pending={pending}>
          Test connection
        </Button>
      </div>
      <div aria-live="polite" data-testid="connection-result">
        {error && (
          <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
        {report && (
          <div className="mt-3">
            <p className={`text-sm font-medium ${report.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}>
              {report.ok ? "Connection OK: every check passed." : `${failed} check${failed === 1 ? "" : "s"} failed.`}
            </p>
            <p className="mt-0.5 truncate font-mono text-xs text-slate-500 dark:text-slate-400">{report.url}</p>
            <ul aria-label="Connection checks" className="mt-2 space-y-1.5">
              {report.checks.map((check) => {
                const mark = MARKS[check.status];
                return (
                  <li key={check.id} data-status={check.status} className="flex items-start gap-2 text-sm">
                    <span
                      aria-hidden
                      className={`mt-0.5 inline-flex size-5 shrink-0 items-center justify-center rounded-full text-xs font-bold ${mark.className}`}
                    >
                      {mark.symbol}
                    </span>
                    <span className="min-w-0">
                      <span className="sr-only">{mark.label}: </span>
                      <span className="font-medium">{check.label}</span>
                      <span className="block break-words text-xs text-slate-600 dark:text-slate-400">{check.detail}</span>
                    </span>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
      </div>
    </div>
  );
}
