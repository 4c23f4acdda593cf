"use client";

import { useState } from "react";
import type { FieldValues, Resolver } from "react-hook-form";
import type { ZodType } from "zod";
import { onDemand } from "./on-demand";

/**
 * The one resolver of every form: its zod schema — the same one its server action parses with —
 * checked in the browser, with the schema, zod and the zod resolver fetched at the page's first
 * focus or pointer press instead of with the page (they are most of a form page's JavaScript). A
 * check that comes before they arrive waits for them. If they cannot be fetched, that check lets the
 * form go on (the action validates everything and its field errors land by the fields), and they are
 * fetched again as onDemand retries.
 *
 *   resolver: useLazyZodResolver(() => import("@/lib/scopes/schema").then((m) => m.scopeSchema))
 *
 * Client components import a schema module only this way (components/ui/first-load.test.ts). The
 * resolver is made once per form; `load` is read on the first render only.
 */
export function useLazyZodResolver<TValues extends FieldValues, TOutput = TValues>(load: () => Promise<ZodType>): Resolver<TValues, unknown, TOutput> {
  return useState(() => lazyZodResolver<TValues, TOutput>(load))[0];
}

function lazyZodResolver<TValues extends FieldValues, TOutput>(load: () => Promise<ZodType>): Resolver<TValues, unknown, TOutput> {
  const checks = onDemand(() =>
    import("zod")
      .then(({ z }) => {
        // Zod 4 compiles object parsers with `new Function` where eval is allowed, probing for it as
        // each object schema is built. The Content-Security-Policy forbids eval, so the probe would be
        // reported as a violation: switch it off before the schema module builds anything. The
        // interpreted parser gives the same results (the server keeps the compiled one).
        z.config({ jitless: true });
        return Promise.all([load(), import("@hookform/resolvers/zod")]);
      })
      .then(([schema, { zodResolver }]) => zodResolver(schema as never) as unknown as Resolver<TValues, unknown, TOutput>),
  );
  return async (values, context, options) => {
    let resolve: Resolver<TValues, unknown, TOutput>;
    try {
      resolve = await checks.get();
    } catch {
      // Tried again at the next interaction or check (onDemand); this submit goes to the server's checks.
      return { values: values as unknown as TOutput, errors: {} };
    }
    return resolve(values, context, options);
  };
}
