"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { onDemand } from "@/components/ui/on-demand";
import { deleteProfile } from "@/lib/profiles/actions";
import type { ProfileRow } from "@/lib/profiles/queries";
import { DataTable, EmptyState, type Column } from "@/components/ui/data-table";
import { RowActions, Section, UsageCount, codeClass } from "./section";

// The form (and react-hook-form with it) is fetched with the dialog, not with the page.
const profileForm = onDemand(() => import("./profile-form"));

type Editing = { mode: "new" } | { mode: "edit"; profile: ProfileRow } | null;

/** The profiles table with its create, edit and delete dialogs. */
export function ProfilesSection({ profiles, mayGovern = false }: { profiles: ProfileRow[]; mayGovern?: boolean }) {
  const [editing, setEditing] = useState<Editing>(null);
  const close = () => setEditing(null);
  const form = profileForm.useModule(editing !== null);
  const newButton = <Button onClick={() => setEditing({ mode: "new" })}>New profile</Button>;
  const columns: Column<ProfileRow>[] = [
    { header: "Identifier", phone: "title", className: `${codeClass} sm:whitespace-nowrap`, cell: (profile) => profile.identifier },
    { header: "Display name", className: "font-medium", cell: (profile) => profile.displayName },
    {
      header: "Description",
      className: "max-w-md text-slate-600 dark:text-slate-400",
      cell: (profile) => profile.description || <span className="text-slate-400 dark:text-slate-500">—</span>,
    },
    { header: "Clients", align: "right", cell: (profile) => <UsageCount count={profile.clientCount} /> },
    {
      header: "Secret policy",
      className: "whitespace-nowrap",
      cell: (profile) =>
        profile.secretMaxDays === null ? (
          <span className="text-slate-500 dark:text-slate-400">No limit</span>
        ) : (
          <span title="New client secrets expire after at most this many days">at most {profile.secretMaxDays} days</span>
        ),
    },
    {
      header: "Approval",
      className: "whitespace-nowrap",
      cell: (profile) =>
        profile.requireApproval ? (
          <span title="Changes to its clients need a second person's approval">
            <Badge tone="indigo">required</Badge>
          </span>
        ) : (
          <span className="text-slate-500 dark:text-slate-400">—</span>
        ),
    },
    {
      header: "Actions",
      hideHeader: true,
      phone: "actions",
      align: "right",
      className: "whitespace-nowrap",
      cell: (profile) => (
        <RowActions
          name={profile.identifier}
          onEdit={() => setEditing({ mode: "edit", profile })}
          deleteTitle={`Delete profile "${profile.identifier}"?`}
          deleteDescription="The profile is removed for good. A profile that clients use cannot be deleted."
          deleteLabel="Delete profile"
          onDelete={() => deleteProfile({ id: profile.id })}
        />
      ),
    },
  ];

  return (
    <Section id="profiles-heading" title="Profiles" description="What a client may do." action={profiles.length > 0 ? newButton : null}>
      <DataTable
        caption="All profiles"
        rows={profiles}
        columns={columns}
        rowKey={(profile) => profile.id}
        empty={<EmptyState title="No profiles yet" text="Every client needs a profile. Create the first one." action={newButton} />}
      />
      <Modal
        open={editing !== null && form !== undefined}
        onOpenChange={(open) => !open && close()}
        title={editing?.mode === "edit" ? `Edit profile "${editing.profile.identifier}"` : "New profile"}
      >
        {editing && form && (
          <form.ProfileForm
            key={editing.mode === "edit" ? editing.profile.id : "new"}
            profile={editing.mode === "edit" ? editing.profile : undefined}
            mayGovern={mayGovern}
            onCancel={close}
            onSaved={close}
          />
        )}
      </Modal>
    </Section>
  );
}
