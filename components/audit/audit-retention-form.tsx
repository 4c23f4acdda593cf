"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { DateTime } from "@/components/ui/date-time";
import { FormActions } from "@/components/ui/form-actions";
import { FormMessage } from "@/components/ui/form-message";
import { FormSection } from "@/components/ui/form-section";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { SelectField, TextField } from "@/components/ui/text-field";
import { fieldProps, useForm } from "@/components/ui/use-form";
import { useActionForm, type FormNotice } from "@/components/ui/use-action-form";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import { purgeAuditNow, saveAuditRetention } from "@/lib/audit/actions";
import type { AuditRetentionFormValues } from "@/lib/audit/retention-schema";
import { RETENTION_MAX_DAYS, RETENTION_MIN_DAYS, RETENTION_MODE_LABELS, RETENTION_MODES } from "@/lib/audit/retention-vocabulary";

const MODE_OPTIONS = RETENTION_MODES.map((value) => ({ value, label: RETENTION_MODE_LABELS[value] }));

/**
 * How long the audit log keeps its events (Owners). One zod schema drives the browser's messages and
 * the server's check; "Purge now" asks first, naming how many events it deletes.
 */
export function AuditRetentionForm({
  defaultValues,
  purgeable,
  cutoff,
  runBound,
}: {
  defaultValues: AuditRetentionFormValues;
  /** Events older than the saved retention now (0 when kept forever). */
  purgeable: number;
  /** Their cutoff (ISO), or null when kept forever. */
  cutoff: string | null;
  /** The most one purge run deletes. */
  runBound: number;
}) {
  const router = useRouter();
  const form = useForm<AuditRetentionFormValues>({
    resolver: useLazyZodResolver<AuditRetentionFormValues>(() => import("@/lib/audit/retention-schema").then((m) => m.auditRetentionSchema)),
    defaultValues,
    mode: "onTouched",
  });
  useUnsavedChanges(form);
  const { submitWith, pending, notice, setNotice } = useActionForm(form);
  const mode = form.watch("mode");
  const onSubmit = submitWith(
    (values) => saveAuditRetention(values),
    (data, values) => {
      form.reset({ ...values, version: data.version });
      setNotice({
        text:
          data.retentionDays === null
            ? "Saved: every event is kept."
            : `Saved: events older than ${data.retentionDays} days are deleted at the next hourly purge.`,
        tone: "success",
      });
      router.refresh();
    },
  );

  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} noValidate aria-label="Audit retention" className="space-y-6">
        <FormSection
          title="Retention"
          description="A security team may need a year or more of history; a privacy policy may want less. The purge is itself recorded."
        >
          <div className="grid gap-x-4 sm:grid-cols-3">
            <SelectField
              label="Keep"
              required
              className="sm:col-span-2"
              options={MODE_OPTIONS}
              {...form.register("mode")}
              errors={form.formState.errors.mode?.message}
            />
            <TextField
              label="Days"
              required={mode === "days"}
              inputMode="numeric"
              autoComplete="off"
              hint={mode === "days" ? `From ${RETENTION_MIN_DAYS} to ${RETENTION_MAX_DAYS}.` : "Used when events are deleted after some days."}
              {...fieldProps(form, "days")}
            />
          </div>
        </FormSection>
        <FormActions notice={notice} pending={pending} submitLabel="Save" divided />
      </form>
      <PurgeNow purgeable={purgeable} cutoff={cutoff} dirty={form.formState.isDirty} runBound={runBound} />
    </div>
  );
}

/** "Purge now": one run now, with the saved retention, asked first with the count. */
function PurgeNow({ purgeable, cutoff, dirty, runBound }: { purgeable: number; cutoff: string | null; dirty: boolean; runBound: number }) {
  const router = useRouter();
  const [message, setMessage] = useState<FormNotice>(null);
  const count = `${purgeable.toLocaleString("en")} ${purgeable === 1 ? "event" : "events"}`;
  return (
    <section aria-labelledby="purge-heading" className="border-t border-slate-200 pt-6 dark:border-slate-800">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="purge-heading" className="font-medium">
            Purge now
          </h2>
          <p data-testid="purge-summary" className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            {cutoff === null ? (
              "Nothing to purge: every event is kept."
            ) : purgeable === 0 ? (
              <>
                No event is older than the saved retention (before <DateTime value={new Date(cutoff)} />
                ).
              </>
            ) : (
              <>
                {count} older than the saved retention (before <DateTime value={new Date(cutoff)} />) would be deleted
                {dirty ? " — save your changes first to purge with them" : ""}.
              </>
            )}
          </p>
        </div>
        {cutoff !== null && purgeable > 0 && (
          <ConfirmButton
            label="Purge now"
            title={`Delete ${count}?`}
            description={`The ${count} of the audit log older than ${new Date(cutoff).toISOString().slice(0, 16).replace("T", " ")} UTC are deleted for good${
              purgeable > runBound ? ` (${runBound.toLocaleString("en")} now, the rest by the hourly purge)` : ""
            }; the purge itself is recorded as audit.purged, in your name. Export them first if you need them.`}
            confirmLabel={`Delete ${count}`}
            onConfirm={async () => {
              const result = await purgeAuditNow({});
              if (result.ok) {
                setMessage({
                  text: `Deleted ${result.data.deleted.toLocaleString("en")} events.${result.data.more ? " More remain: the hourly purge goes on with them." : ""}`,
                  tone: "success",
                });
                router.refresh();
              }
              return result;
            }}
          />
        )}
      </div>
      <div className="mt-2" data-testid="purge-result">
        <FormMessage message={message?.text} tone={message?.tone} />
      </div>
    </section>
  );
}
