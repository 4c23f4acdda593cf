"use client";

import { createContext, type ComponentProps } from "react";
import { onDemand } from "./on-demand";

// The dialogs are Radix UI's (components/ui/radix-dialog.tsx: focus moved in, trapped and returned,
// Escape, aria-modal, labelling, scroll locking; docs/decisions/002). Their code is fetched at the
// page's first focus or pointer press (or when a dialog opens first), not with the page: onDemand,
// a plain import() and a state (next/dynamic's own code weighs more than it saves here; a closed
// dialog renders nothing anyway). docs/decisions/015.

/**
 * A form inside a Modal reports here while its action runs (useActionForm does); the Modal then
 * stays open — Escape or a click outside does not drop a save half-way.
 */
export const ModalBusyContext = createContext<((busy: boolean) => void) | null>(null);

type Radix = typeof import("./radix-dialog");
const radixDialog = onDemand<Radix>(() => import("./radix-dialog"));

/** A modal dialog for forms and details. */
export function Modal(props: ComponentProps<Radix["RadixModal"]>) {
  const radix = radixDialog.useModule(props.open);
  return props.open && radix ? <radix.RadixModal {...props} /> : null;
}

/**
 * A dialog that needs an explicit answer (role="alertdialog"): a click outside does not close it.
 * Used to confirm destructive actions and to reveal a secret once.
 */
export function AlertModal(props: ComponentProps<Radix["RadixAlertModal"]>) {
  const radix = radixDialog.useModule(props.open);
  return props.open && radix ? <radix.RadixAlertModal {...props} /> : null;
}

/** The buttons of an AlertModal: rendered inside it, so Radix's module is there already. */
export function AlertCancel(props: ComponentProps<Radix["AlertCancel"]>) {
  const radix = radixDialog.useModule(true);
  return radix ? <radix.AlertCancel {...props} /> : null;
}

export function AlertAction(props: ComponentProps<Radix["AlertAction"]>) {
  const radix = radixDialog.useModule(true);
  return radix ? <radix.AlertAction {...props} /> : null;
}
