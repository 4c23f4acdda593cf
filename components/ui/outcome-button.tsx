"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useState, useTransition, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";

const STATUS = "text-slate-600 [overflow-wrap:anywhere] dark:text-slate-400";

/** Where the buttons of an `OutcomeRegion` report: the line above its list. */
const OutcomeContext = createContext<((outcome: string) => void) | null>(null);

/**
 * A list whose rows can leave it once their button succeeds (a delivered message leaves
 * Deliveries): the outcome shows in one status line above the list, which outlives the row.
 */
export function OutcomeRegion({ children }: { children: ReactNode }) {
  const [outcome, setOutcome] = useState<string | null>(null);
  return (
    <OutcomeContext value={setOutcome}>
      <p role="status" data-testid="outcome" className={`${STATUS} mb-2 min-h-5 text-sm`}>
        {outcome}
      </p>
      {children}
    </OutcomeContext>
  );
}

/**
 * A small button that runs one server action at once (no confirmation: nothing is lost) and shows
 * the action's summary, or its refusal, beside it (or in its `OutcomeRegion`, named by `subject`);
 * then the page refreshes. "Redeliver" on a webhook's delivery log and "Retry now" on Deliveries.
 */
export function OutcomeButton<I>({
  action,
  input,
  label,
  subject,
  children,
}: {
  action: (input: I) => Promise<ActionResult<{ summary: string }>>;
  input: I;
  /** The accessible name, when the visible text alone does not say what it acts on. */
  label?: string;
  /** What the outcome is about, when it shows in an `OutcomeRegion` away from the row. */
  subject?: string;
  children: ReactNode;
}) {
  const router = useRouter();
  const region = useContext(OutcomeContext);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const report = (text: string) => (region ? region(subject ? `${subject}: ${text}` : text) : setOutcome(text));
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
            report(result.ok ? result.data.summary : result.message);
            router.refresh();
          })
        }
      >
        {children}
      </Button>
      {!region && (
        <span role="status" className={`${STATUS} text-xs`}>
          {outcome}
        </span>
      )}
    </div>
  );
}
