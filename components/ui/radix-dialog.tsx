"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import * as Dialog from "@radix-ui/react-dialog";
import { useRef, useState, type ReactNode, type RefObject } from "react";
import { ModalBusyContext } from "./dialog";

// Radix UI's dialogs: focus moves into the dialog, is trapped there and returns to the trigger on
// close; Escape, aria-modal, labelling and scroll locking are handled (docs/decisions/002).

const overlayClass = "fixed inset-0 z-40 bg-slate-950/50 backdrop-blur-[1px]";
const contentClass =
  "fixed left-1/2 top-1/2 z-50 max-h-[90vh] w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl border border-slate-200 bg-white p-6 shadow-xl focus:outline-none dark:border-slate-700 dark:bg-slate-900";

/** A modal dialog for forms and details. */
export function RadixModal({
  open,
  onOpenChange,
  title,
  description,
  children,
  wide = false,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  wide?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={(next) => (next || !busy) && onOpenChange(next)}>
      <Dialog.Portal>
        <Dialog.Overlay className={overlayClass} />
        <Dialog.Content className={`${contentClass} ${wide ? "max-w-2xl" : ""}`}>
          <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
          {description ? (
            <Dialog.Description className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</Dialog.Description>
          ) : (
            <Dialog.Description className="sr-only">{title}</Dialog.Description>
          )}
          <ModalBusyContext.Provider value={setBusy}>
            <div className="mt-4">{children}</div>
          </ModalBusyContext.Provider>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/**
 * A dialog that needs an explicit answer (role="alertdialog"): a click outside does not close it.
 * Used to confirm destructive actions and to reveal a secret once.
 */
export function RadixAlertModal({
  open,
  onOpenChange,
  title,
  description,
  children,
  returnFocusTo,
}: {
  open: boolean;
  onOpenChange?: (open: boolean) => void;
  title: string;
  description: ReactNode;
  children: ReactNode;
  /** Where focus goes when the dialog closes, when it was opened by code rather than by a trigger. */
  returnFocusTo?: RefObject<HTMLElement | null>;
}) {
  const content = useRef<HTMLDivElement>(null);
  const [busy, setBusy] = useState(false);
  return (
    <AlertDialog.Root open={open} onOpenChange={(next) => (next || !busy) && onOpenChange?.(next)}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={overlayClass} />
        <AlertDialog.Content
          ref={content}
          className={contentClass}
          // Radix focuses the Cancel button; a dialog without one (the secret reveal, opened by code
          // after a save) would leave focus on the form behind the overlay. Such a dialog marks the
          // element to focus with data-autofocus.
          onOpenAutoFocus={(event) => {
            const target = content.current?.querySelector<HTMLElement>("[data-autofocus]");
            if (!target) return;
            event.preventDefault();
            target.focus();
          }}
          onCloseAutoFocus={(event) => {
            if (!returnFocusTo?.current) return;
            event.preventDefault();
            returnFocusTo.current.focus();
          }}
        >
          <AlertDialog.Title className="text-lg font-semibold">{title}</AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</div>
          </AlertDialog.Description>
          <ModalBusyContext.Provider value={setBusy}>
            <div className="mt-4">{children}</div>
          </ModalBusyContext.Provider>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

export const AlertCancel = AlertDialog.Cancel;
export const AlertAction = AlertDialog.Action;
