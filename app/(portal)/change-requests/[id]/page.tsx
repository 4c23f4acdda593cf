import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Actor, Changes } from "@/components/audit/audit-table";
import { kindLabel, statusLabel, statusTone } from "@/components/change-requests/labels";
import { RequestDecision, RequestSecretPickup } from "@/components/change-requests/request-decision";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { Link } from "@/components/ui/link";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { getChangeRequest } from "@/lib/change-requests/queries";

export const metadata: Metadata = { title: "Change request" };

const link = "text-indigo-700 hover:underline dark:text-indigo-300";
const box = "rounded-xl border border-slate-200 bg-white p-4 sm:p-6 dark:border-slate-800 dark:bg-slate-900";

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="mt-0.5 text-sm [overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}

// One four-eyes change request (docs/decisions/030): what would change, why, who asked, and the decision.
export default async function RequestPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requirePermission("clients.read");
  const { id } = await params;
  const request = await getChangeRequest(id, admin.reach);
  if (!request) notFound();
  const isAuthor = request.authorType === "admin" && request.authorId === admin.id;
  const role = isAuthor ? "author" : can(admin, "clients.write") ? "decide" : "none";
  const kind = kindLabel(request.kind);

  return (
    <div className="min-w-0 space-y-6">
      <div className="min-w-0">
        <Link href="/change-requests" className={`text-sm ${link}`}>
          ← Change requests
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight [overflow-wrap:anywhere]">
            {kind}: <span className="font-mono">{request.clientLabel}</span>
          </h1>
          <Badge tone={statusTone(request.status)}>{statusLabel(request.status)}</Badge>
        </div>
        <dl className="mt-4 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Item label="Author">
            <Actor label={request.authorLabel} type={request.authorType} />
          </Item>
          <Item label="Proposed">
            <DateTime value={request.createdAt} />
          </Item>
          <Item label="Client">
            {request.clientExists ? (
              <Link href={`/clients/${request.clientInternalId}`} className={`font-mono ${link}`}>
                {request.clientLabel}
              </Link>
            ) : (
              <span className="font-mono">{request.clientLabel}</span>
            )}
            {request.kind === "create" && request.status === "open" && <span className="text-slate-500 dark:text-slate-400"> (not created yet)</span>}
          </Item>
          <Item label="Base version">{request.baseVersion === null ? "— (a new client)" : `version ${request.baseVersion}`}</Item>
        </dl>
      </div>

      {request.status === "stale" && (
        <p
          role="status"
          data-testid="request-stale"
          className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          <strong>This request is stale.</strong> {request.decisionComment}
        </p>
      )}

      <section aria-labelledby="reason-heading" className={box}>
        <h2 id="reason-heading" className="text-lg font-semibold">
          Reason
        </h2>
        <p className="mt-1 whitespace-pre-line text-sm [overflow-wrap:anywhere]" data-testid="request-reason">
          {request.reason || <span className="text-slate-500 dark:text-slate-400">No reason given.</span>}
        </p>
      </section>

      <section aria-labelledby="changes-heading" className={box}>
        <h2 id="changes-heading" className="text-lg font-semibold">
          Changes
        </h2>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          {request.kind === "update" || request.kind === "create"
            ? "Each field: its value before → the proposed one."
            : `${kind}${request.kind === "newSecret" || request.kind === "rotate" ? ": the secret is generated at approval and shown to the author only." : "."}`}
        </p>
        <div data-testid="request-diff">
          <Changes changes={request.diff} />
        </div>
      </section>

      <section aria-labelledby="decision-heading" className={box}>
        <h2 id="decision-heading" className="mb-3 text-lg font-semibold">
          Decision
        </h2>
        {request.status === "open" ? (
          <RequestDecision id={request.id} clientLabel={request.clientLabel} kindLabel={kind} role={role} />
        ) : (
          <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3" data-testid="request-decision">
            <Item label="Status">{statusLabel(request.status)}</Item>
            <Item label={request.status === "stale" ? "Found stale by" : request.status === "withdrawn" ? "Withdrawn by" : "Decided by"}>
              {request.deciderLabel ?? "—"}
            </Item>
            <Item label="When">
              <DateTime value={request.decidedAt} />
            </Item>
            {request.status !== "stale" && request.decisionComment && (
              <div className="sm:col-span-3">
                <Item label="Comment">
                  <span className="whitespace-pre-line">{request.decisionComment}</span>
                </Item>
              </div>
            )}
          </dl>
        )}
        {isAuthor && request.secretWaiting && (
          <div className="mt-4">
            <RequestSecretPickup id={request.id} />
          </div>
        )}
      </section>
    </div>
  );
}
