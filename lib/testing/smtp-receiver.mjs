// A real SMTP server for the tests (the `smtp-server` package) on a loopback port: it keeps every
// mail it accepts, and can be told to refuse mails (a temporary 451) or to require a password.
// Used by the Vitest integration tests (lib/notifications) and by the e2e suite's receiver
// (e2e/mail-receiver.mjs). Mails are text/plain, as the portal sends them.
import { SMTPServer } from "smtp-server";

/** Decodes a quoted-printable body (RFC 2045) as UTF-8. */
function decodeQuotedPrintable(text) {
  const bytes = [];
  const soft = text.replace(/=\r?\n/g, "");
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Decodes RFC 2047 encoded words in a header ("=?UTF-8?Q?…?=" / "=?UTF-8?B?…?="). */
function decodeHeader(value) {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset, kind, data) =>
    kind.toUpperCase() === "B" ? Buffer.from(data, "base64").toString("utf8") : decodeQuotedPrintable(data.replace(/_/g, " ")),
  );
}

/** A received mail: the envelope, the headers that matter and the decoded text. */
export function parseMail(raw, envelope = { from: "", to: [] }) {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? "" : raw.slice(split).replace(/^\r?\n\r?\n/, "");
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const encoding = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const text =
    encoding === "quoted-printable"
      ? decodeQuotedPrintable(body)
      : encoding === "base64"
        ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
        : body;
  return {
    envelopeFrom: envelope.from,
    envelopeTo: envelope.to,
    from: decodeHeader(headers.from ?? ""),
    to: decodeHeader(headers.to ?? ""),
    subject: decodeHeader(headers.subject ?? ""),
    text: text.replace(/\r\n/g, "\n"),
    receivedAt: new Date().toISOString(),
  };
}

/**
 * Starts the server on 127.0.0.1 (`port` 0: a free one). `auth` ({ user, pass }): only that login is
 * accepted; `acceptAnyLogin`: a login is optional and any is accepted (the e2e portal's, whatever
 * an Owner types at /settings/mail). The returned receiver's `refuse` (a function of the mail, returning a reason or null)
 * makes it answer 451 to the DATA of the mails it names.
 */
export async function startSmtpReceiver({ port = 0, auth = null, acceptAnyLogin = false } = {}) {
  const mails = [];
  const waiters = new Set();
  const receiver = {
    mails,
    /** (mail) => string | null: a reason makes the server refuse that mail with 451. */
    refuse: null,
    /** How many mails were refused. */
    refused: 0,
    port: 0,
    url: "",
    /** Resolves with the first mail `predicate` accepts (received already, or when it comes). */
    waitFor(predicate, timeoutMs = 10_000) {
      const found = mails.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = (mail) => {
          if (!predicate(mail)) return;
          waiters.delete(waiter);
          clearTimeout(timer);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no such mail within ${timeoutMs} ms (received: ${mails.map((m) => `${m.to}: ${m.subject}`).join("; ") || "none"})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ["STARTTLS"],
    authOptional: !auth,
    allowInsecureAuth: true,
    disableReverseLookup: true,
    onAuth(login, _session, callback) {
      if (acceptAnyLogin || (auth && login.username === auth.user && login.password === auth.pass)) return callback(null, { user: login.username });
      const error = new Error("Authentication failed");
      error.responseCode = 535;
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks = [];
      stream.on("data", (chunk) => chunks.push(chunk));
      stream.on("end", () => {
        const mail = parseMail(Buffer.concat(chunks).toString("utf8"), {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        const reason = receiver.refuse?.(mail);
        if (reason) {
          receiver.refused++;
          const error = new Error(reason);
          error.responseCode = 451;
          return callback(error);
        }
        mails.push(mail);
        for (const waiter of [...waiters]) waiter(mail);
        callback();
      });
    },
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  receiver.port = server.server.address().port;
  receiver.url = auth
    ? `smtp://${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@127.0.0.1:${receiver.port}`
    : `smtp://127.0.0.1:${receiver.port}`;
  return receiver;
}
