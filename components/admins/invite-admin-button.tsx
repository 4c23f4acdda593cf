"use client";

import { useState } from "react";
import type { RevealedLink } from "@/lib/admins/actions";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { InviteAdminForm, type BindingOptions } from "./admin-form";
import { LinkRevealDialog } from "./link-reveal-dialog";

export function InviteAdminButton({ options }: { options: BindingOptions }) {
  const [open, setOpen] = useState(false);
  const [link, setLink] = useState<RevealedLink | null>(null);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Invite admin</Button>
      <Modal
        open={open}
        onOpenChange={setOpen}
        title="Invite an admin"
        description={
          options.sendsMail
            ? "They get a link by email; it works once, for 72 hours. They choose their password."
            : "You get a link to send them; it works once, for 72 hours. They choose their password."
        }
      >
        <InviteAdminForm
          options={options}
          onCancel={() => setOpen(false)}
          onInvited={(revealed) => {
            setOpen(false);
            setLink(revealed);
          }}
        />
      </Modal>
      <LinkRevealDialog link={link} onClose={() => setLink(null)} />
    </>
  );
}
