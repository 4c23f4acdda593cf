"use client";
import { z } from "zod";

// Zod 4 compiles object parsers with `new Function` when eval is allowed, and probes for it once.
// The portal's Content-Security-Policy forbids eval, so in the browser the probe would be refused
// and reported as a CSP violation on every page with a form. jitless skips the probe: the
// interpreted parser gives the same results. On the server (no CSP) the compiled parser stays.
if (typeof window !== "undefined") z.config({ jitless: true });

/** Rendered once by the root layout so that the setting above runs before any form validates. */
export function ZodJitless() {
  return null;
}
