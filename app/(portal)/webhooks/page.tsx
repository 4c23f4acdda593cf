import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { NewWebhookButton } from "@/components/webhooks/new-webhook-button";
import { WebhooksTable } from "@/components/webhooks/webhooks-table";
import { listAuditFilterOptions } from "@/lib/audit/queries";
import { requirePermission } from "@/lib/auth/session";
import { eventChoices } from "@/lib/webhooks/events";
import { listWebhooks } from "@/lib/webhooks/queries";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  // Owners only: a webhook receives every audit event it subscribes to.
  await requirePermission("webhooks.write");
  const [rows, { actions }] = await Promise.all([listWebhooks(), listAuditFilterOptions()]);
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Receivers of the audit log and of secret expiry warnings, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature)."
        actions={
          <NewWebhookButton
            choices={eventChoices(
              actions,
              rows.flatMap((r) => r.events),
            )}
          />
        }
      />
      <WebhooksTable rows={rows} />
    </>
  );
}
