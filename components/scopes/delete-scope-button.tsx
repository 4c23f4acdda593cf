"use client";

import { useRouter } from "next/navigation";
import { deleteScope } from "@/lib/scopes/actions";
import { ConfirmButton } from "@/components/ui/confirm-button";

export function DeleteScopeButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete scope"
      title={`Delete scope ${name}?`}
      description="The scope and its secrets are deleted for good. Introspection callers using its secrets will be refused."
      confirmLabel="Delete scope"
      onConfirm={() => deleteScope({ id })}
      onDone={() => router.replace("/scopes")}
    />
  );
}
