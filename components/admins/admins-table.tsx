import type { AdminRow } from "@/lib/admins/queries";
import { roleFormValues } from "@/lib/admins/schema";
import { signInMethodLabel, type AdminStatus } from "@/lib/admins/status";
import { Badge, type Tone } from "@/components/ui/badge";
import { DataTable, EmptyState, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import type { BindingOptions } from "./admin-form";
import { AdminRowActions } from "./admin-row-actions";

const STATUS_TONES: Record<AdminStatus, Tone> = { active: "green", disabled: "gray", invited: "indigo", "invitation expired": "amber" };

const muted = "block text-xs text-slate-500 dark:text-slate-400";

/** The admins of the portal, with their scope of responsibility, status and last sign-in; Owners get the row actions. */
export function AdminsTable({ rows, meId, activeOwners, options }: { rows: AdminRow[]; meId: string; activeOwners: number; options: BindingOptions }) {
  const columns: Column<AdminRow>[] = [
    {
      header: "Name and email",
      phone: "title",
      className: "min-w-48",
      cell: (a) => (
        <>
          <span className="font-medium">{a.name}</span>
          <span className="block text-xs break-all text-slate-600 dark:text-slate-400">{a.email}</span>
          {a.identities.length > 0 && <span className={muted}>Linked to {a.identities.map((i) => i.providerName).join(", ")}</span>}
        </>
      ),
    },
    { header: "Role", cell: (a) => a.role },
    {
      header: "Scope of responsibility",
      className: "min-w-28",
      cell: (a) =>
        a.profileContext ? (
          <>
            {a.profileContext.category} / {a.profileContext.d0} <span className="text-xs text-slate-500 dark:text-slate-400">({a.profileContextId})</span>
            <span className={muted}>profile {a.profile?.displayName}</span>
          </>
        ) : (
          <span className="text-slate-500 dark:text-slate-400">Everything</span>
        ),
    },
    {
      header: "Status",
      cell: (a) => (
        <>
          <Badge tone={STATUS_TONES[a.status]}>{a.status}</Badge>
          <span className={muted} data-testid="admin-factors">
            {a.factors === 0 ? "no second factor" : a.factors === 1 ? "1 second factor" : `${a.factors} second factors`}
          </span>
          {a.openLink && (
            <span className={muted}>
              {a.openLink.kind === "invitation" ? "link" : "reset link"} until <DateTime value={a.openLink.expiresAt} />
            </span>
          )}
        </>
      ),
    },
    {
      header: "Last sign-in",
      className: "whitespace-nowrap",
      cell: (a) =>
        a.lastSignInAt ? (
          <>
            <DateTime value={a.lastSignInAt} />
            <span className={muted}>{signInMethodLabel(a.lastSignInMethod)}</span>
          </>
        ) : (
          "Never"
        ),
    },
    {
      header: "Actions",
      hideHeader: true,
      phone: "actions",
      className: "min-w-44",
      cell: (a) => {
        const lastActiveOwner = a.role === "Owner" && a.status === "active" && activeOwners <= 1;
        return (
          <AdminRowActions
            admin={{
              id: a.id,
              name: a.name,
              email: a.email,
              disabled: a.status === "disabled",
              pending: a.status === "invited" || a.status === "invitation expired",
              hasOpenLink: a.openLink !== null,
              identities: a.identities.map((i) => i.providerName),
              factors: a.factors,
              roleForm: roleFormValues(a),
            }}
            locked={a.id === meId ? "self" : lastActiveOwner ? "last-owner" : null}
            options={options}
          />
        );
      },
    },
  ];
  return (
    <DataTable
      caption="Admins"
      rows={rows}
      columns={columns}
      rowKey={(a) => a.id}
      rowProps={(a) => ({ "data-testid": `admin-row-${a.email}` })}
      empty={<EmptyState title="No admins" />}
    />
  );
}
