"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { onDemand } from "@/components/ui/on-demand";

// The form (and react-hook-form with it) is fetched with the dialog, not with the page.
const scopeForm = onDemand(() => import("./scope-form"));

export function NewScopeButton() {
  const [open, setOpen] = useState(false);
  const form = scopeForm.useModule(open);
  return (
    <>
      <Button onClick={() => setOpen(true)}>New scope</Button>
      <Modal open={open && form !== undefined} onOpenChange={setOpen} title="New scope" description="A scope clients may request, e.g. an API permission.">
        {form && <form.ScopeForm mode="create" defaultValues={{ name: "", displayName: "", description: "", enabled: true }} onCancel={() => setOpen(false)} />}
      </Modal>
    </>
  );
}
