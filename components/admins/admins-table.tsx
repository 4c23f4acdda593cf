import type { AdminRow } from "@/lib/admins/queries";
import { roleFormValues } from "@/lib/admins/schema";
import { signInMethodLabel, type AdminStatus } from "@/lib/admins/status";
import { rfc3339 } from "@/lib/validation/dates";
import { Badge, type Tone } from "@/components/ui/badge";
import type { BindingOptions } from "./admin-form";
import { AdminRowActions } from "./admin-row-actions";

const STATUS_TONES: Record<AdminStatus, Tone> = { active: "green", disabled: "gray", invited: "indigo", "invitation expired": "amber" };

/** The admins of the portal, with their scope of responsibility, status and last sign-in; Owners get the row actions. */
export function AdminsTable({ rows, meId, activeOwners, options }: { rows: AdminRow[]; meId: string; activeOwners: number; options: BindingOptions }) {
  return (
    // A region that can take focus: on a narrow screen the table scrolls sideways, also by keyboard.
    <div role="region" aria-label="Admins" tabIndex={0} className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Admins</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-4 py-2.5 font-medium">Name and email</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Role</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Scope of responsibility</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Status</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Last sign-in</th>
            <th scope="col" className="px-4 py-2.5 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((a) => {
            const lastActiveOwner = a.role === "Owner" && a.status === "active" && activeOwners <= 1;
            return (
              <tr key={a.id} data-testid={`admin-row-${a.email}`} className="align-top hover:bg-slate-50 dark:hover:bg-slate-800/50">
                <td className="min-w-48 px-4 py-2.5">
                  <span className="font-medium">{a.name}</span>
                  <span className="block text-xs break-all text-slate-600 dark:text-slate-400">{a.email}</span>
                  {a.identities.length > 0 && (
                    <span className="block text-xs text-slate-500 dark:text-slate-400">Linked to {a.identities.map((i) => i.providerName).join(", ")}</span>
                  )}
                </td>
                <td className="px-4 py-2.5">{a.role}</td>
                <td className="min-w-36 px-4 py-2.5">
                  {a.profileContext ? (
                    <>
                      {a.profileContext.category} / {a.profileContext.d0} <span className="text-xs text-slate-500">({a.profileContextId})</span>
                      <span className="block text-xs text-slate-500 dark:text-slate-400">profile {a.profile?.displayName}</span>
                    </>
                  ) : (
                    <span className="text-slate-500 dark:text-slate-400">Everything</span>
                  )}
                </td>
                <td className="px-4 py-2.5">
                  <Badge tone={STATUS_TONES[a.status]}>{a.status}</Badge>
                  <span className="block text-xs text-slate-500 dark:text-slate-400" data-testid="admin-factors">
                    {a.factors === 0 ? "no second factor" : a.factors === 1 ? "1 second factor" : `${a.factors} second factors`}
                  </span>
                  {a.openLink && (
                    <span className="block text-xs text-slate-500 dark:text-slate-400">
                      {a.openLink.kind === "invitation" ? "link" : "reset link"} until <time dateTime={rfc3339(a.openLink.expiresAt)}>{rfc3339(a.openLink.expiresAt)}</time>
                    </span>
                  )}
                </td>
                <td className="px-4 py-2.5 whitespace-nowrap">
                  {a.lastSignInAt ? (
                    <>
                      <time dateTime={rfc3339(a.lastSignInAt)}>{rfc3339(a.lastSignInAt)}</time>
                      <span className="block text-xs text-slate-500 dark:text-slate-400">{signInMethodLabel(a.lastSignInMethod)}</span>
                    </>
                  ) : (
                    "Never"
                  )}
                </td>
                <td className="min-w-56 px-4 py-2.5">
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
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
