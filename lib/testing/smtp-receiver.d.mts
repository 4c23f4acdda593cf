// Types of smtp-receiver.mjs (plain JavaScript, so that the e2e suite's receiver runs it with Node alone).

export type ReceivedMail = {
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  /** The decoded text/plain body, with \n line ends. */
  text: string;
  receivedAt: string;
};

export type SmtpReceiver = {
  mails: ReceivedMail[];
  /** A reason makes the server refuse that mail with 451; null: accept it. */
  refuse: ((mail: ReceivedMail) => string | null) | null;
  refused: number;
  port: number;
  /** smtp://[user:pass@]127.0.0.1:port */
  url: string;
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
};

export function parseMail(raw: string, envelope?: { from: string; to: string[] }): ReceivedMail;
export function startSmtpReceiver(options?: { port?: number; auth?: { user: string; pass: string } | null; acceptAnyLogin?: boolean }): Promise<SmtpReceiver>;
