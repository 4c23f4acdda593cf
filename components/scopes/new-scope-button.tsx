"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { ScopeForm } from "./scope-form";

export function NewScopeButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>New scope</Button>
      <Modal open={open} onOpenChange={setOpen} title="New scope" description="A scope clients may request, e.g. an API permission.">
        <ScopeForm mode="create" defaultValues={{ name: "", displayName: "", description: "", enabled: true }} onCancel={() => setOpen(false)} />
      </Modal>
    </>
  );
}
