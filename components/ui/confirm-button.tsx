"use client";

import { useState, useTransition, type ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { AlertCancel, AlertModal } from "./dialog";
import { Button, buttonClass } from "./button";

/**
 * A button that asks before doing something destructive. The action runs only after the admin
 * confirms; its refusal message shows in the dialog.
 */
export function ConfirmButton<T>({
  label,
  title,
  description,
  confirmLabel,
  onConfirm,
  onDone,
  variant = "danger",
  size = "normal",
  children,
}: {
  label: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<ActionResult<T>>;
  /** After the action succeeded, with its data (e.g. a change request instead of the change). */
  onDone?: (data: T) => void;
  variant?: "danger" | "secondary" | "primary";
  size?: "normal" | "small";
  /** What the action asks for besides the click (a governed change's reason), above its refusal. */
  children?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const confirm = () =>
    startTransition(async () => {
      const result = await onConfirm();
      if (result.ok) {
        setOpen(false);
        onDone?.(result.data);
      } else {
        setError(result.message);
      }
    });

  return (
    <>
      <button
        type="button"
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
        className={buttonClass(variant === "danger" ? "secondary" : variant, size === "small" ? "px-2.5 py-1 text-xs" : "")}
      >
        {label}
      </button>
      <AlertModal open={open} onOpenChange={(o) => !pending && setOpen(o)} title={title} description={description}>
        {children}
        <p role="alert" className="min-h-5 text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
        <div className="mt-2 flex justify-end gap-2">
          <AlertCancel asChild>
            <Button variant="secondary" disabled={pending}>
              Cancel
            </Button>
          </AlertCancel>
          <Button variant={variant} pending={pending} onClick={confirm}>
            {confirmLabel}
          </Button>
        </div>
      </AlertModal>
    </>
  );
}
