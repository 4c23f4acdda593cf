"use client";

import { lazy, Suspense, useEffect, useLayoutEffect, useRef, type ComponentType } from "react";
import { onDemand } from "./on-demand";

type Edit = { value: string; checked: boolean };
type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

const isField = (node: EventTarget | null): node is Field =>
  node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement || node instanceof HTMLSelectElement;

/** Sets a field's value the way typing does, so React (and react-hook-form) see the change. */
function putBack(field: Field, edit: Edit) {
  if (field instanceof HTMLInputElement && (field.type === "checkbox" || field.type === "radio")) {
    if (field.checked !== edit.checked) field.click();
    return;
  }
  if (field.value === edit.value) return;
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), "value")?.set;
  setter?.call(field, edit.value);
  field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
}

/**
 * A form that is server-rendered with the page but hydrated at the page's first focus, pointer
 * press or key press: its code (react-hook-form, 13 kB gzip, and the form) is not on the first
 * load (docs/decisions/015). Until it arrives the server's HTML stays, usable: what is typed is
 * kept and put back once the form hydrates (react-hook-form's register resets fields to their
 * defaults), and a submit is held, then sent through the form's own handler.
 *
 *   export const ClientFormIsland = island(() => import("./client-form").then((m) => m.ClientForm));
 */
export function island<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  // The server renders it at once; the browser waits for the module (the first interaction fetches
  // it), and a failed fetch is tried again at the next one (onDemand's one retry policy): until
  // then the server's HTML stays, and React never sees a failed load.
  const form = onDemand(load);
  const Lazy = lazy(() => (typeof window === "undefined" ? form.get() : form.ready()).then((component) => ({ default: component })));

  function Island(props: P) {
    const box = useRef<HTMLDivElement>(null);
    const edits = useRef(new Map<Field, Edit>());
    const held = useRef<{ form: HTMLFormElement; submitter: HTMLElement | null } | null>(null);
    const hydrated = useRef(false);

    // Before hydration (React's listeners do not see events in a dehydrated boundary): remember
    // each edit, hold each submit. Capturing on window runs before React's own root listeners.
    useEffect(() => {
      const within = (target: EventTarget | null) => !hydrated.current && target instanceof Node && !!box.current?.contains(target);
      const onEdit = (event: Event) => {
        if (within(event.target) && isField(event.target)) {
          const field = event.target;
          edits.current.set(field, { value: field.value, checked: field instanceof HTMLInputElement && field.checked });
        }
      };
      const onSubmit = (event: Event) => {
        if (!within(event.target) || !(event.target instanceof HTMLFormElement)) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        held.current = { form: event.target, submitter: (event as SubmitEvent).submitter };
      };
      window.addEventListener("input", onEdit, true);
      window.addEventListener("change", onEdit, true);
      window.addEventListener("submit", onSubmit, true);
      return () => {
        window.removeEventListener("input", onEdit, true);
        window.removeEventListener("change", onEdit, true);
        window.removeEventListener("submit", onSubmit, true);
      };
    }, []);

    const onHydrated = () => {
      hydrated.current = true;
      for (const [field, edit] of edits.current) if (field.isConnected) putBack(field, edit);
      edits.current.clear();
      const submit = held.current;
      held.current = null;
      if (submit?.form.isConnected) submit.form.requestSubmit(submit.submitter && submit.form.contains(submit.submitter) ? submit.submitter : null);
    };

    return (
      <div ref={box} className="contents">
        <Suspense fallback={null}>
          <Lazy {...props} />
          <AfterHydration run={onHydrated} />
        </Suspense>
      </div>
    );
  }
  return Island;
}

/** Runs `run` once, right after its Suspense boundary's content has hydrated (or mounted). */
function AfterHydration({ run }: { run: () => void }) {
  const done = useRef(false);
  useLayoutEffect(() => {
    if (done.current) return;
    done.current = true;
    // After react-hook-form's register has set the fields to their defaults in this same commit.
    queueMicrotask(run);
  }, [run]);
  return null;
}
