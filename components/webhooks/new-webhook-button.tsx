"use client";

import { useRef, useState } from "react";
import { SecretRevealDialog, type RevealedSecret } from "@/components/secrets/secret-reveal-dialog";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { onDemand } from "@/components/ui/on-demand";
import type { EventChoice } from "@/lib/webhooks/events";

const webhookForm = onDemand(() => import("./webhook-form"));

/** "Add webhook": the form in a dialog, then the signing secret, once. */
export function NewWebhookButton({ choices }: { choices: EventChoice[] }) {
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<RevealedSecret | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const form = webhookForm.useModule(open);
  return (
    <>
      <Button ref={button} onClick={() => setOpen(true)}>
        Add webhook
      </Button>
      <Modal
        open={open && form !== undefined}
        onOpenChange={setOpen}
        title="Add a webhook"
        description="The portal signs every delivery with a secret you get once, next."
      >
        {form && (
          <form.NewWebhookForm
            choices={choices}
            onCancel={() => setOpen(false)}
            onCreated={(created) => {
              setOpen(false);
              setSecret({ value: created.secret, ownerLabel: created.url, ownerKind: "webhook" });
            }}
          />
        )}
      </Modal>
      <SecretRevealDialog secret={secret} returnFocusTo={button} onClose={() => setSecret(null)} />
    </>
  );
}
