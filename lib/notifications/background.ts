import "server-only";
import { scheduleAuditPurge } from "@/lib/audit/retention";
import * as clock from "@/lib/clock";
import { prisma } from "@/lib/db/prisma";
import { errorFields, logEvent as log } from "@/lib/log";
import { environmentMailSettings } from "./email";
import { scanSecretExpiry } from "./secret-expiry";
import { outboxSettings } from "./settings";
import { createOutboxWorker } from "./worker";

/**
 * The server process's background work (scripts/server.mjs starts it once the port listens): the
 * outbox worker, the secret expiry scan and the audit purge. Bad settings (OUTBOX_*, SMTP_URL) stop the start here, before any request.
 */
export function startBackgroundWork(env: Record<string, string | undefined> = process.env) {
  const settings = outboxSettings(env);
  const mail = environmentMailSettings(env);
  const worker = createOutboxWorker({ settings });
  worker.start();
  log("info", "outbox worker started", {
    mail: mail ? `SMTP ${mail.server} (SMTP_URL)` : "as set at /settings/mail (SMTP_URL not set; with neither, links are shown once)",
    pollMs: settings.pollMs,
    retentionDays: settings.retentionDays,
    failedRetentionDays: settings.failedRetentionDays,
  });
  // The expiry scan: soon after the start, then every SECRET_EXPIRY_SCAN_MS. It writes nothing
  // while neither mail (read at each scan: an Owner may set it meanwhile) nor any webhook endpoint
  // is on — a warning nobody can receive would wait in the outbox for nothing.
  let scanning: Promise<unknown> = Promise.resolve();
  const scan = () => {
    scanning = scanSecretExpiry(clock.now()).then(
      (written) => written && log("info", "secret expiry warnings written", { written }),
      (error: unknown) => log("error", "secret expiry scan failed", errorFields(error)),
    );
  };
  const first = setTimeout(scan, 10_000);
  const every = setInterval(scan, settings.expiryScanMs);
  first.unref();
  every.unref();
  // The audit log's retention (/settings/audit): a purge at most hourly, nothing while kept forever.
  const auditPurge = scheduleAuditPurge({ db: prisma, now: clock.now });
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(every);
      await Promise.all([worker.stop(), scanning, auditPurge.stop()]);
    },
  };
}
