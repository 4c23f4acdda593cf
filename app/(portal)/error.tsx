"use client";

import { Button } from "@/components/ui/button";

/** A section failed to load: say so plainly and offer a retry (details stay in the server log). */
export default function PortalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-white p-8 text-center dark:border-red-900 dark:bg-slate-900">
      <h1 className="text-xl font-semibold">This page could not be loaded</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Nothing was changed. Try again; if it keeps failing, the server log has the details
        {error.digest ? ` (reference ${error.digest})` : ""}.
      </p>
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
