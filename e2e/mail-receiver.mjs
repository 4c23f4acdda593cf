// The e2e suite's mail server: a real SMTP server (lib/testing/smtp-receiver.mjs) on E2E_SMTP_PORT
// (default E2E_PORT + 200), which the e2e portal sends to (SMTP_URL in scripts/e2e-server.mjs), and
// a mailbox the specs read on the next port: GET http://127.0.0.1:<E2E_SMTP_PORT + 1>/mails answers
// every mail received, oldest first, as JSON. Started by playwright.config.ts; loopback only.
import http from "node:http";
import { startSmtpReceiver } from "../lib/testing/smtp-receiver.mjs";

const smtpPort = Number(process.env.E2E_SMTP_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 200);
const receiver = await startSmtpReceiver({ port: smtpPort });

http
  .createServer((req, res) => {
    if (req.method === "GET" && req.url === "/mails") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(receiver.mails));
    } else {
      res.writeHead(404).end();
    }
  })
  .listen(smtpPort + 1, "127.0.0.1", () => console.log(`mail receiver: SMTP on 127.0.0.1:${smtpPort}, mailbox on http://127.0.0.1:${smtpPort + 1}/mails`));
