"use client";

import { createContext, useEffect, useState, type ComponentProps } from "react";
import { onFirstInteraction } from "./on-first-interaction";

// The dialogs are Radix UI's (components/ui/radix-dialog.tsx: focus moved in, trapped and returned,
// Escape, aria-modal, labelling, scroll locking; docs/decisions/002). Their code is fetched at the
// page's first focus or pointer press (or when a dialog opens first), not with the page. A plain
// import() and a state, not next/dynamic: next/dynamic itself weighs ~2.5 kB gzip on the first load
// (docs/decisions/015), and a closed dialog renders nothing anyway.

/**
 * A form inside a Modal reports here while its action runs (useActionForm does); the Modal then
 * stays open — Escape or a click outside does not drop a save half-way.
 */
export const ModalBusyContext = createContext<((busy: boolean) => void) | null>(null);

type Radix = typeof import("./radix-dialog");
let loaded: Radix | undefined;
let loading: Promise<Radix> | undefined;
const load = () =>
  (loading ??= import("./radix-dialog").then(
    (m) => (loaded = m),
    (error: unknown) => {
      loading = undefined; // fetch again at the next opening
      throw error;
    },
  ));
onFirstInteraction(() => void load().catch(() => {}));

/** Radix's dialog module once it is there (at once when an earlier dialog fetched it); `want` fetches it. */
function useRadix(want: boolean): Radix | undefined {
  const [radix, setRadix] = useState(loaded);
  useEffect(() => {
    if (radix || !want) return;
    let live = true;
    load().then(
      (m) => live && setRadix(m),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [radix, want]);
  return radix ?? loaded;
}

/** A modal dialog for forms and details. */
export function Modal(props: ComponentProps<Radix["RadixModal"]>) {
  const radix = useRadix(props.open);
  return props.open && radix ? <radix.RadixModal {...props} /> : null;
}

/**
 * A dialog that needs an explicit answer (role="alertdialog"): a click outside does not close it.
 * Used to confirm destructive actions and to reveal a secret once.
 */
export function AlertModal(props: ComponentProps<Radix["RadixAlertModal"]>) {
  const radix = useRadix(props.open);
  return props.open && radix ? <radix.RadixAlertModal {...props} /> : null;
}

/** The buttons of an AlertModal: rendered inside it, so Radix's module is there already. */
export function AlertCancel(props: ComponentProps<Radix["AlertCancel"]>) {
  const radix = useRadix(true);
  return radix ? <radix.AlertCancel {...props} /> : null;
}

export function AlertAction(props: ComponentProps<Radix["AlertAction"]>) {
  const radix = useRadix(true);
  return radix ? <radix.AlertAction {...props} /> : null;
}
