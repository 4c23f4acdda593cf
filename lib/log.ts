// Structured logs: one JSON object per line (time, level, msg, requestId, fields), on stdout for
// info and stderr for warn/error, so a log collector can parse them. Fields are flat primitives
// chosen by the caller — never a request body, form input or error object — and any field whose
// name looks like a credential is replaced by "[redacted]" as a second line of defence.

export type LogLevel = "info" | "warn" | "error";
export type LogFields = Record<string, string | number | boolean | null | undefined>;

const CREDENTIAL_NAME = /secret|password|passphrase|token|authorization|cookie|hash|private|credential|api.?key|^key$/i;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request id: the caller's (or load balancer's) X-Request-Id when it is a plain token, else a new
 * one. scripts/server.mjs sets it on every request it receives (and answers it in X-Request-Id), so
 * every line about one request carries the same id, whichever side logs it.
 */
export function requestIdOf(headers: { get(name: string): string | null | undefined } | null | undefined): string {
  return givenRequestId(headers) ?? crypto.randomUUID();
}

/** The request's X-Request-Id when it is a plain token (as the server sets it), else null. */
export function givenRequestId(headers: { get(name: string): string | null | undefined } | null | undefined): string | null {
  const given = headers?.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : null;
}

/** The request id of the request being served (outside a request, e.g. in tests: a fresh one). */
export async function currentRequestId(): Promise<string> {
  try {
    const { headers } = await import("next/headers");
    return requestIdOf(await headers());
  } catch {
    return requestIdOf(null);
  }
}

/**
 * What may be logged about an error: its name, Prisma's code, and the message of errors that are
 * not database errors (Prisma's messages quote the query's arguments, which may hold data).
 */
export function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) return { error: typeof error };
  const code = (error as { code?: unknown }).code;
  const isPrisma = "clientVersion" in error || /^Prisma/.test(error.name);
  return {
    error: error.name,
    ...(typeof code === "string" ? { code } : {}),
    ...(isPrisma ? {} : { detail: error.message.slice(0, 300) }),
  };
}

/** The line logEvent writes (exported for tests). */
export function formatLogLine(level: LogLevel, msg: string, fields: LogFields = {}, now = new Date()): string {
  const safe: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    safe[key] = CREDENTIAL_NAME.test(key) && key !== "requestId" ? "[redacted]" : value;
  }
  return JSON.stringify({ time: now.toISOString(), level, msg, ...safe });
}

export function logEvent(level: LogLevel, msg: string, fields: LogFields = {}): void {
  const line = `${formatLogLine(level, msg, fields)}\n`;
  if (level === "info") process.stdout.write(line);
  else process.stderr.write(line);
}
