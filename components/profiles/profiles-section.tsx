"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { onDemand } from "@/components/ui/on-demand";
import { deleteProfile } from "@/lib/profiles/actions";
import type { ProfileRow } from "@/lib/profiles/queries";
import { EmptyState, RowActions, Section, UsageCount, codeClass, tableClass, tableWrapClass, tbodyClass, tdClass, thClass } from "./section";

// The form (and react-hook-form with it) is fetched with the dialog, not with the page.
const profileForm = onDemand(() => import("./profile-form"));

type Editing = { mode: "new" } | { mode: "edit"; profile: ProfileRow } | null;

/** The profiles table with its create, edit and delete dialogs. */
export function ProfilesSection({ profiles }: { profiles: ProfileRow[] }) {
  const [editing, setEditing] = useState<Editing>(null);
  const close = () => setEditing(null);
  const form = profileForm.useModule(editing !== null);
  const newButton = <Button onClick={() => setEditing({ mode: "new" })}>New profile</Button>;

  return (
    <Section id="profiles-heading" title="Profiles" description="What a client may do." action={profiles.length > 0 ? newButton : null}>
      {profiles.length === 0 ? (
        <EmptyState title="No profiles yet" text="Every client needs a profile. Create the first one." action={newButton} />
      ) : (
        <div className={tableWrapClass}>
          <table className={tableClass}>
            <thead className="bg-slate-50 dark:bg-slate-800/50">
              <tr>
                <th scope="col" className={thClass}>Identifier</th>
                <th scope="col" className={thClass}>Display name</th>
                <th scope="col" className={thClass}>Description</th>
                <th scope="col" className={`${thClass} text-right`}>Clients</th>
                <th scope="col" className={thClass}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className={tbodyClass}>
              {profiles.map((profile) => (
                <tr key={profile.id}>
                  <td className={`${tdClass} ${codeClass} whitespace-nowrap`}>{profile.identifier}</td>
                  <td className={`${tdClass} font-medium`}>{profile.displayName}</td>
                  <td className={`${tdClass} max-w-md text-slate-600 dark:text-slate-400`}>
                    {profile.description || <span className="text-slate-400 dark:text-slate-500">—</span>}
                  </td>
                  <td className={`${tdClass} text-right`}>
                    <UsageCount count={profile.clientCount} />
                  </td>
                  <td className={`${tdClass} whitespace-nowrap text-right`}>
                    <RowActions
                      name={profile.identifier}
                      onEdit={() => setEditing({ mode: "edit", profile })}
                      deleteTitle={`Delete profile "${profile.identifier}"?`}
                      deleteDescription="The profile is removed for good. A profile that clients use cannot be deleted."
                      deleteLabel="Delete profile"
                      onDelete={() => deleteProfile({ id: profile.id })}
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
        title={editing?.mode === "edit" ? `Edit profile "${editing.profile.identifier}"` : "New profile"}
      >
        {editing && form && (
          <form.ProfileForm
            key={editing.mode === "edit" ? editing.profile.id : "new"}
            profile={editing.mode === "edit" ? editing.profile : undefined}
            onCancel={close}
            onSaved={close}
          />
        )}
      </Modal>
    </Section>
  );
}
