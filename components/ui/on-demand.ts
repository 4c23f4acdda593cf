"use client";

import { useEffect, useState } from "react";
import { onFirstInteraction } from "./on-first-interaction";

export type OnDemand<T> = {
  /** The module if it is there already. */
  current(): T | undefined;
  /** Fetches it now, or joins the fetch under way; rejects when this attempt fails. */
  get(): Promise<T>;
  /** Resolves once it is there, however many attempts that takes; never rejects. */
  ready(): Promise<T>;
  /** In a component: the module once it is there, at once if an earlier caller fetched it; `want` fetches it now. */
  useModule(want: boolean): T | undefined;
};

/**
 * The one way to load code after the page (docs/decisions/015): a module the page needs only once
 * someone works with it — a form's island (components/ui/island.tsx), a form's checks
 * (components/ui/lazy-resolver.ts), a dialog and the form it holds. Fetched at the page's first
 * focus, pointer press or key press, or earlier when a caller wants it, and shared by every caller.
 *
 * One retry policy: a failed fetch is forgotten and tried again at the next interaction on the page
 * or the next time a caller wants it, whichever comes first. Nothing gives up for good: a network
 * blip costs a click, not the page.
 *
 *   const scopeForm = onDemand(() => import("./scope-form"));
 *   const mod = scopeForm.useModule(open); // undefined until it is there
 *
 * components/ui/first-load.test.ts checks these modules stay off the first load.
 */
export function onDemand<T>(load: () => Promise<T>): OnDemand<T> {
  let loaded: { module: T } | undefined;
  let loading: Promise<T> | undefined;
  let arrived!: (module: T) => void;
  const arrival = new Promise<T>((resolve) => (arrived = resolve));
  const get = () =>
    (loading ??= load().then(
      (module) => {
        loaded = { module };
        arrived(module);
        return module;
      },
      (error: unknown) => {
        loading = undefined;
        onFirstInteraction(prefetch);
        throw error;
      },
    ));
  const prefetch = () => void get().catch(() => {});
  onFirstInteraction(prefetch);
  return {
    current: () => loaded?.module,
    get,
    ready: () => arrival,
    useModule(want) {
      const [mod, setMod] = useState(loaded);
      useEffect(() => {
        if (mod || !want) return;
        let live = true;
        get().catch(() => {});
        void arrival.then((module) => live && setMod({ module }));
        return () => {
          live = false;
        };
      }, [mod, want]);
      return mod?.module ?? loaded?.module;
    },
  };
}
