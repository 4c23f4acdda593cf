import { forwardRef, type ComponentProps } from "react";
import { ROTATION_GRACE_MAX_DAYS } from "@/lib/secrets/rotation";
import { TextField } from "@/components/ui/text-field";

type Props = Omit<ComponentProps<typeof TextField>, "label" | "hint" | "type"> & {
  /** What the grace means where it is asked; the bounds follow it. */
  meaning: string;
};

/** A rotation's grace period: how many days the old secret keeps working beside the new one. */
export const GraceDaysField = forwardRef<HTMLInputElement, Props>(function GraceDaysField({ meaning, ...props }, ref) {
  return (
    <TextField
      ref={ref}
      label="Grace period (days)"
      hint={`${meaning} 1 to ${ROTATION_GRACE_MAX_DAYS} days.`}
      type="number"
      inputMode="numeric"
      min={1}
      max={ROTATION_GRACE_MAX_DAYS}
      required
      {...props}
    />
  );
});
