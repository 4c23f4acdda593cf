"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { onDemand } from "@/components/ui/on-demand";
import { deleteProfileContext } from "@/lib/profiles/actions";
import type { ProfileContextRow } from "@/lib/profiles/queries";
import { DataTable, EmptyState, type Column } from "@/components/ui/data-table";
import { RowActions, Section, UsageCount, codeClass } from "./section";

// The form (and react-hook-form with it) is fetched with the dialog, not with the page.
const profileContextForm = onDemand(() => import("./profile-context-form"));

type Editing = { mode: "new" } | { mode: "edit"; context: ProfileContextRow } | null;

const label = (context: ProfileContextRow) => `${context.id} ${context.category}/${context.d0}`;

/** The profile contexts table with its create, edit and delete dialogs. */
export function ProfileContextsSection({ contexts }: { contexts: ProfileContextRow[] }) {
  const [editing, setEditing] = useState<Editing>(null);
  const close = () => setEditing(null);
  const form = profileContextForm.useModule(editing !== null);
  const newButton = <Button onClick={() => setEditing({ mode: "new" })}>New profile context</Button>;
  const columns: Column<ProfileContextRow>[] = [
    { header: "Id", align: "right", phone: "title", className: `${codeClass} tabular-nums whitespace-nowrap`, cell: (context) => context.id },
    { header: "Category", className: "font-medium", cell: (context) => context.category },
    { header: "D0", cell: (context) => context.d0 },
    {
      header: "Description",
      className: "max-w-md text-slate-600 dark:text-slate-400",
      cell: (context) => context.description || <span className="text-slate-400 dark:text-slate-500">—</span>,
    },
    { header: "Clients", align: "right", cell: (context) => <UsageCount count={context.clientCount} /> },
    {
      header: "Actions",
      hideHeader: true,
      phone: "actions",
      align: "right",
      className: "whitespace-nowrap",
      cell: (context) => (
        <RowActions
          name={`profile context ${context.id}`}
          onEdit={() => setEditing({ mode: "edit", context })}
          deleteTitle={`Delete profile context ${label(context)}?`}
          deleteDescription="The profile context is removed for good. A profile context that clients use cannot be deleted."
          deleteLabel="Delete profile context"
          onDelete={() => deleteProfileContext({ id: context.id })}
        />
      ),
    },
  ];

  return (
    <Section
      id="profile-contexts-heading"
      title="Profile contexts"
      description="Narrow a profile to a scope of responsibility: a category and a dimension value (D0)."
      action={contexts.length > 0 ? newButton : null}
    >
      <DataTable
        caption="All profile contexts"
        rows={contexts}
        columns={columns}
        rowKey={(context) => context.id}
        empty={<EmptyState title="No profile contexts yet" text="A client may have a profile context; none exists so far." action={newButton} />}
      />
      <Modal
        open={editing !== null && form !== undefined}
        onOpenChange={(open) => !open && close()}
        title={editing?.mode === "edit" ? `Edit profile context ${editing.context.id}` : "New profile context"}
      >
        {editing && form && (
          <form.ProfileContextForm
            key={editing.mode === "edit" ? editing.context.id : "new"}
            context={editing.mode === "edit" ? editing.context : undefined}
            onCancel={close}
            onSaved={close}
          />
        )}
      </Modal>
    </Section>
  );
}
