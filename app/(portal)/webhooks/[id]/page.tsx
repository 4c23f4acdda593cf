import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DeliveryLog } from "@/components/webhooks/delivery-log";
import { WebhookActions } from "@/components/webhooks/webhook-actions";
import { EventList } from "@/components/webhooks/webhooks-table";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { Link } from "@/components/ui/link";
import { requirePermission } from "@/lib/auth/session";
import { DELIVERY_LOG_SIZE, findWebhook, listWebhookMessages } from "@/lib/webhooks/queries";

export const metadata: Metadata = { title: "Webhook" };

export default async function WebhookPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePermission("webhooks.write");
  const { id } = await params;
  const [webhook, messages] = await Promise.all([findWebhook(id), listWebhookMessages(id)]);
  if (!webhook) notFound();

  return (
    <div className="space-y-6">
      <div>
        <Link href="/webhooks" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
          ← Webhooks
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="font-mono text-xl font-semibold tracking-tight [overflow-wrap:anywhere]">{webhook.url}</h1>
          {webhook.enabled ? <Badge tone="green">enabled</Badge> : <Badge tone="gray">disabled</Badge>}
        </div>
        {webhook.description && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{webhook.description}</p>}
      </div>
      <section className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
        <dl className="grid gap-3 text-sm sm:grid-cols-3">
          <div>
            <dt className="font-medium">Events</dt>
            <dd className="mt-1">
              <EventList events={webhook.events} />
            </dd>
          </div>
          <div>
            <dt className="font-medium">Created</dt>
            <dd className="mt-1 text-slate-700 dark:text-slate-300">
              <DateTime value={webhook.createdAt} /> by {webhook.createdBy}
            </dd>
          </div>
          <div>
            <dt className="font-medium">Signing secret</dt>
            <dd className="mt-1 text-slate-700 dark:text-slate-300">
              {webhook.secretRotatedAt ? (
                <>
                  rotated <DateTime value={webhook.secretRotatedAt} />
                </>
              ) : (
                "as created"
              )}{" "}
              (stored encrypted, never shown again)
            </dd>
          </div>
        </dl>
        <WebhookActions webhook={webhook} />
      </section>
      <section aria-labelledby="delivery-log" className="space-y-3">
        <div>
          <h2 id="delivery-log" className="text-lg font-semibold">
            Delivery log
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            The latest {DELIVERY_LOG_SIZE} events and every attempt to deliver them: a 2xx answer is a delivery. A redelivery keeps the event&apos;s webhook-id,
            so the receiver can tell it has seen it.
          </p>
        </div>
        <DeliveryLog messages={messages} />
      </section>
    </div>
  );
}
