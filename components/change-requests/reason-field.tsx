import { forwardRef, type ComponentProps } from "react";
import { LIMITS } from "@/lib/validation/limits";
import { TextAreaField } from "@/components/ui/text-field";

/** Why a change to a governed client is proposed: the approver reads it beside the changes. */
export const ReasonField = forwardRef<HTMLTextAreaElement, Omit<ComponentProps<typeof TextAreaField>, "label" | "hint" | "maxLength">>(
  function ReasonField(props, ref) {
    return (
      <TextAreaField
        ref={ref}
        label="Reason for the change"
        rows={2}
        hint="The admin who approves or rejects it reads this beside the changes."
        maxLength={LIMITS.description}
        {...props}
      />
    );
  },
);
