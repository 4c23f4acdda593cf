"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { onDemand } from "@/components/ui/on-demand";
import { deleteProfileContext } from "@/lib/profiles/actions";
import type { ProfileContextRow } from "@/lib/profiles/queries";
import { EmptyState, RowActions, Section, UsageCount, codeClass, tableClass, tableWrapClass, tbodyClass, tdClass, thClass } from "./section";

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

  return (
    <Section
      id="profile-contexts-heading"
      title="Profile contexts"
      description="Narrow a profile to a scope of responsibility: a category and a dimension value (D0)."
      action={contexts.length > 0 ? newButton : null}
    >
      {contexts.length === 0 ? (
        <EmptyState title="No profile contexts yet" text="A client may have a profile context; none exists so far." action={newButton} />
      ) : (
        <div className={tableWrapClass}>
          <table className={tableClass}>
            <thead className="bg-slate-50 dark:bg-slate-800/50">
              <tr>
                <th scope="col" className={`${thClass} text-right`}>Id</th>
                <th scope="col" className={thClass}>Category</th>
                <th scope="col" className={thClass}>D0</th>
                <th scope="col" className={thClass}>Description</th>
                <th scope="col" className={`${thClass} text-right`}>Clients</th>
                <th scope="col" className={thClass}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className={tbodyClass}>
              {contexts.map((context) => (
                <tr key={context.id}>
                  <td className={`${tdClass} ${codeClass} text-right tabular-nums whitespace-nowrap`}>{context.id}</td>
                  <td className={`${tdClass} font-medium`}>{context.category}</td>
                  <td className={tdClass}>{context.d0}</td>
                  <td className={`${tdClass} max-w-md text-slate-600 dark:text-slate-400`}>
                    {context.description || <span className="text-slate-400 dark:text-slate-500">—</span>}
                  </td>
                  <td className={`${tdClass} text-right`}>
                    <UsageCount count={context.clientCount} />
                  </td>
                  <td className={`${tdClass} whitespace-nowrap text-right`}>
                    <RowActions
                      name={`profile context ${context.id}`}
                      onEdit={() => setEditing({ mode: "edit", context })}
                      deleteTitle={`Delete profile context ${label(context)}?`}
                      deleteDescription="The profile context is removed for good. A profile context that clients use cannot be deleted."
                      deleteLabel="Delete profile context"
                      onDelete={() => deleteProfileContext({ id: context.id })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
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
