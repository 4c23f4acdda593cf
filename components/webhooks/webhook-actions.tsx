"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { SecretRevealDialog, type RevealedSecret } from "@/components/secrets/secret-reveal-dialog";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormMessage } from "@/components/ui/form-message";
import { deleteWebhook, rotateWebhookSecret, sendTestWebhook, setWebhookEnabled } from "@/lib/webhooks/actions";

/** An endpoint's actions: send a test event, rotate the secret, disable or enable, delete. */
export function WebhookActions({ webhook }: { webhook: { id: string; url: string; enabled: boolean } }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ text: string; tone: "error" | "success" } | null>(null);
  const [secret, setSecret] = useState<RevealedSecret | null>(null);
  const [pending, startTransition] = useTransition();

  const sendTest = () =>
    startTransition(async () => {
      const result = await sendTestWebhook({ id: webhook.id });
      if (result.ok) setMessage({ text: result.data.summary, tone: result.data.delivered ? "success" : "error" });
      else setMessage({ text: result.message, tone: "error" });
      router.refresh();
    });

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" pending={pending} onClick={sendTest}>
          Send a test event
        </Button>
        <ConfirmButton
          variant="secondary"
          label="Rotate secret"
          title="Rotate the signing secret?"
          description="A new secret signs every delivery from now on; the current one stops at once. Give the new secret to the receiver right away."
          confirmLabel="Rotate secret"
          onConfirm={async () => {
            const result = await rotateWebhookSecret({ id: webhook.id });
            if (result.ok) setSecret({ value: result.data.secret, ownerLabel: result.data.url, ownerKind: "webhook" });
            return result;
          }}
        />
        <ConfirmButton
          variant="secondary"
          label={webhook.enabled ? "Disable" : "Enable"}
          title={webhook.enabled ? "Disable this webhook?" : "Enable this webhook?"}
          description={
            webhook.enabled
              ? "No event is sent to it until it is enabled again. Test events and redeliveries still go."
              : "Events are sent to it again from now on."
          }
          confirmLabel={webhook.enabled ? "Disable" : "Enable"}
          onConfirm={() => setWebhookEnabled({ id: webhook.id, enabled: !webhook.enabled })}
          onDone={() => router.refresh()}
        />
        <ConfirmButton
          label="Delete"
          title="Delete this webhook?"
          description={`${webhook.url} gets no more events, and its delivery log is deleted with it.`}
          confirmLabel="Delete webhook"
          onConfirm={() => deleteWebhook({ id: webhook.id })}
          onDone={() => router.push("/webhooks")}
        />
      </div>
      <FormMessage message={message?.text} tone={message?.tone} />
      <SecretRevealDialog secret={secret} onClose={() => setSecret(null)} />
    </div>
  );
}
