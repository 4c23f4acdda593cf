"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { retryDelivery } from "@/lib/deliveries/actions";

/** "Retry now": the message is tried at once; the outcome shows beside the button. */
export function RetryDeliveryButton({ id, label }: { id: string; label: string }) {
  const router = useRouter();
  const [outcome, setOutcome] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        variant="secondary"
        className="px-2.5 py-1 text-xs whitespace-nowrap"
        pending={pending}
        aria-label={`Retry now: ${label}`}
        onClick={() =>
          startTransition(async () => {
            const result = await retryDelivery({ id });
            setOutcome(result.ok ? result.data.summary : result.message);
            router.refresh();
          })
        }
      >
        Retry now
      </Button>
      <span role="status" className="text-xs text-slate-600 [overflow-wrap:anywhere] dark:text-slate-400">
        {outcome}
      </span>
    </div>
  );
}
