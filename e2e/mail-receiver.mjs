// The e2e suite's mail server: a real SMTP server (lib/testing/smtp-receiver.mjs) on E2E_SMTP_PORT
// (default E2E_PORT + 200), which the e2e portal sends to (set at /settings/mail by e2e/auth.setup.ts;
// any login is accepted, so a spec may set a user name and password there), and
// a mailbox the specs read on the next port: GET http://127.0.0.1:<E2E_SMTP_PORT + 1>/mails answers
// every mail received, oldest first, as JSON; POST /refuse?to=<address> makes the server refuse mails
// to that address (451, a full mailbox) until DELETE /refuse?to=<address>, so a spec can make its own
// mail fail without touching anyone else's. Started by playwright.config.ts; loopback only.
import http from "node:http";
import { startSmtpReceiver } from "../lib/testing/smtp-receiver.mjs";

const smtpPort = Number(process.env.E2E_SMTP_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 200);
const receiver = await startSmtpReceiver({ port: smtpPort, acceptAnyLogin: true });
/** Addresses whose mails are refused (lower case). */
const refused = new Set();
receiver.refuse = (mail) => (mail.envelopeTo.some((to) => refused.has(to.toLowerCase())) ? "4.2.2 Mailbox full, try again later (e2e)" : null);

http
  .createServer((req, res) => {
    if (req.method === "GET" && req.url === "/mails") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(receiver.mails));
    } else if ((req.method === "POST" || req.method === "DELETE") && req.url?.startsWith("/refuse?")) {
      const to = new URL(req.url, "http://mailbox").searchParams.get("to")?.toLowerCase();
      if (!to) return res.writeHead(400).end();
      if (req.method === "POST") refused.add(to);
      else refused.delete(to);
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  })
  .listen(smtpPort + 1, "127.0.0.1", () => console.log(`mail receiver: SMTP on 127.0.0.1:${smtpPort}, mailbox on http://127.0.0.1:${smtpPort + 1}/mails`));
