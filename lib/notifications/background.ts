import "server-only";
import { logEvent } from "@/lib/log";
import { mailSettings } from "./email";
import { outboxSettings } from "./settings";
import { createOutboxWorker } from "./worker";

/**
 * The server process's background work (scripts/server.mjs starts it once the port listens): the
 * outbox worker. Bad settings (OUTBOX_*, SMTP_URL) stop the start here, before any request.
 */
export function startBackgroundWork(env: Record<string, string | undefined> = process.env) {
  const settings = outboxSettings(env);
  const mail = mailSettings(env);
  const worker = createOutboxWorker({ settings });
  worker.start();
  logEvent("info", "outbox worker started", {
    mail: mail
      ? `SMTP ${new URL(mail.url).hostname}:${new URL(mail.url).port || (mail.url.startsWith("smtps:") ? 465 : 587)}`
      : "off (SMTP_URL not set: links are shown once)",
    pollMs: settings.pollMs,
  });
  return {
    async stop() {
      await worker.stop();
    },
  };
}
