import { Button } from "./button";
import { FormMessage } from "./form-message";
import type { FormNotice } from "./use-action-form";

/** The foot of a form: its notice on the left, then Cancel/Back (when given) and the submit button. */
export function FormActions({
  notice,
  pending,
  submitLabel,
  submitVariant = "primary",
  submitDisabled = false,
  cancel,
  divided = false,
}: {
  notice: FormNotice;
  pending: boolean;
  submitLabel: string;
  /** "danger" for a submit that destroys (a bulk deletion). */
  submitVariant?: "primary" | "danger";
  /** Off until the form can be sent (say, a deletion's words not yet typed). */
  submitDisabled?: boolean;
  /** `focused`: the dialog's first focus (data-autofocus), as an alert dialog's Cancel is. */
  cancel?: { label: string; onClick: () => void; focused?: boolean };
  /** A rule above the buttons, for long forms. */
  divided?: boolean;
}) {
  return (
    <div className={`flex flex-wrap items-center justify-end gap-3 ${divided ? "border-t border-slate-200 pt-4 dark:border-slate-800" : "pt-3"}`}>
      <div className="mr-auto">
        <FormMessage message={notice?.text} tone={notice?.tone} link={notice?.link} />
      </div>
      {cancel && (
        <Button type="button" variant="secondary" onClick={cancel.onClick} disabled={pending} data-autofocus={cancel.focused || undefined}>
          {cancel.label}
        </Button>
      )}
      <Button type="submit" variant={submitVariant} pending={pending} disabled={submitDisabled}>
        {submitLabel}
      </Button>
    </div>
  );
}
