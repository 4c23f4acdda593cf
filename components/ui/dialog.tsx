"use client";

import dynamic from "next/dynamic";
import { createContext, type ComponentProps } from "react";
import { onFirstInteraction } from "./on-first-interaction";

// The dialogs are Radix UI's (components/ui/radix-dialog.tsx: focus moved in, trapped and returned,
// Escape, aria-modal, labelling, scroll locking; docs/decisions/002). Their code is fetched at the
// page's first focus or pointer press (or when a dialog opens first), not with the page.

/**
 * A form inside a Modal reports here while its action runs (useActionForm does); the Modal then
 * stays open — Escape or a click outside does not drop a save half-way.
 */
export const ModalBusyContext = createContext<((busy: boolean) => void) | null>(null);

const load = () => import("./radix-dialog");
onFirstInteraction(() => void load());
const RadixModal = dynamic(() => load().then((m) => m.RadixModal), { ssr: false });
const RadixAlertModal = dynamic(() => load().then((m) => m.RadixAlertModal), { ssr: false });

/** A modal dialog for forms and details. */
export function Modal(props: ComponentProps<typeof RadixModal>) {
  return props.open ? <RadixModal {...props} /> : null;
}

/**
 * A dialog that needs an explicit answer (role="alertdialog"): a click outside does not close it.
 * Used to confirm destructive actions and to reveal a secret once.
 */
export function AlertModal(props: ComponentProps<typeof RadixAlertModal>) {
  return props.open ? <RadixAlertModal {...props} /> : null;
}

export const AlertCancel = dynamic(() => load().then((m) => m.AlertCancel), { ssr: false });
export const AlertAction = dynamic(() => load().then((m) => m.AlertAction), { ssr: false });
