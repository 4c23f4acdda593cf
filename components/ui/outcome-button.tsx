"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";

/**
 * A small button that runs one server action at once (no confirmation: nothing is lost) and shows
 * the action's summary, or its refusal, beside it; then the page refreshes. "Redeliver" on a
 * webhook's delivery log and "Retry now" on Deliveries.
 */
export function OutcomeButton<I>({
  action,
  input,
  label,
  children,
}: {
  action: (input: I) => Promise<ActionResult<{ summary: string }>>;
  input: I;
  /** The accessible name, when the visible text alone does not say what it acts on. */
  label?: string;
  children: React.ReactNode;
}) {
  const router = useRouter();
  const [outcome, setOutcome] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        variant="secondary"
        className="px-2.5 py-1 text-xs whitespace-nowrap"
        pending={pending}
        aria-label={label}
        onClick={() =>
          startTransition(async () => {
            const result = await action(input);
            setOutcome(result.ok ? result.data.summary : result.message);
            router.refresh();
          })
        }
      >
        {children}
      </Button>
      <span role="status" className="text-xs text-slate-600 [overflow-wrap:anywhere] dark:text-slate-400">
        {outcome}
      </span>
    </div>
  );
}
