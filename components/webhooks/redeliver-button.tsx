"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { redeliverWebhook } from "@/lib/webhooks/actions";

/** Sends a logged message again (the same webhook-id); the outcome shows beside the button. */
export function RedeliverButton({ messageId }: { messageId: string }) {
  const router = useRouter();
  const [outcome, setOutcome] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        variant="secondary"
        className="px-2.5 py-1 text-xs"
        pending={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await redeliverWebhook({ messageId });
            setOutcome(result.ok ? result.data.summary : result.message);
            router.refresh();
          })
        }
      >
        Redeliver
      </Button>
      <span role="status" className="text-xs text-slate-600 dark:text-slate-400">
        {outcome}
      </span>
    </div>
  );
}
