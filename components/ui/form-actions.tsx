import { Button } from "./button";
import { FormMessage } from "./form-message";
import type { FormNotice } from "./use-action-form";

/** The foot of a form: its notice on the left, then Cancel/Back (when given) and the submit button. */
export function FormActions({
  notice,
  pending,
  submitLabel,
  cancel,
  divided = false,
}: {
  notice: FormNotice;
  pending: boolean;
  submitLabel: string;
  cancel?: { label: string; onClick: () => void };
  /** A rule above the buttons, for long forms. */
  divided?: boolean;
}) {
  return (
    <div className={`flex flex-wrap items-center justify-end gap-3 ${divided ? "border-t border-slate-200 pt-4 dark:border-slate-800" : "pt-3"}`}>
      <div className="mr-auto">
        <FormMessage message={notice?.text} tone={notice?.tone} link={notice?.link} />
      </div>
      {cancel && (
        <Button type="button" variant="secondary" onClick={cancel.onClick} disabled={pending}>
          {cancel.label}
        </Button>
      )}
      <Button type="submit" pending={pending}>
        {submitLabel}
      </Button>
    </div>
  );
}
