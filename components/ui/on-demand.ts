"use client";

import { useEffect, useState } from "react";
import { onFirstInteraction } from "./on-first-interaction";

export type OnDemand<T> = {
  /** The module once it is there, at once if an earlier caller fetched it; `want` fetches it now. */
  useModule(want: boolean): T | undefined;
};

/**
 * A module the page needs only once someone works with it (a dialog, the form a dialog holds):
 * fetched at the page's first focus or pointer press, or when a component first wants it, and
 * shared by every caller. A failed fetch is tried again at the next want.
 *
 *   const scopeForm = onDemand(() => import("./scope-form"));
 *   const mod = scopeForm.useModule(open); // undefined until it is there
 *
 * docs/decisions/015; components/ui/first-load.test.ts checks these modules stay off the first load.
 */
export function onDemand<T>(load: () => Promise<T>): OnDemand<T> {
  let loaded: T | undefined;
  let loading: Promise<T> | undefined;
  const get = () =>
    (loading ??= load().then(
      (m) => (loaded = m),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  onFirstInteraction(() => void get().catch(() => {}));
  return {
    useModule(want) {
      const [mod, setMod] = useState<{ m: T } | undefined>(loaded === undefined ? undefined : { m: loaded });
      useEffect(() => {
        if (mod || !want) return;
        let live = true;
        get().then(
          (m) => live && setMod({ m }),
          () => {},
        );
        return () => {
          live = false;
        };
      }, [mod, want]);
      return mod?.m ?? loaded;
    },
  };
}
