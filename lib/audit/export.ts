import "server-only";
import schema from "@/docs/audit-event.schema.json";
import type { AuditEvent } from "@/lib/generated/prisma/client";
import { prisma } from "@/lib/db/prisma";
import { wellFormed } from "@/lib/validation/unstorable-text";
import type { AuditListQuery } from "./list-query";
import { auditListWhere } from "./queries";

// The audit log's export: the events the filters select, newest first, as JSON Lines (one event per
// line, each valid against docs/audit-event.schema.json) or as CSV (RFC 4180, the same fields in the
// same order, nested objects flattened). Streamed a batch at a time, never built in memory: a log
// of millions of events costs the server one batch.

export type AuditExportFormat = "csv" | "jsonl";

/** Events read per query while streaming. */
export const EXPORT_BATCH_SIZE = 500;

/** One event as the export writes it (docs/audit-event.schema.json). */
export type AuditExportLine = {
  id: string;
  at: string;
  actor: { type: string; id: string; label: string };
  action: string;
  target: { type: string; id: string; label: string };
  changes: unknown;
  address: string | null;
  userAgent: string | null;
  requestId: string | null;
};

/** A change's sides as `{ from, to }` in that order (PostgreSQL's jsonb keeps keys in its own order). */
function orderedChanges(changes: unknown): unknown {
  if (typeof changes !== "object" || changes === null || Array.isArray(changes)) return changes;
  return Object.fromEntries(
    Object.entries(changes).map(([key, value]) => {
      const isChange = typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).sort().join() === "from,to";
      return [key, isChange ? { from: (value as { from: unknown }).from, to: (value as { to: unknown }).to } : value];
    }),
  );
}

/** An event as a line of the export, in valid Unicode (as the audit page shows it). */
export function exportLine(e: AuditEvent): AuditExportLine {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actor: { type: e.actorType, id: e.actorId, label: wellFormed(e.actorLabel) },
    action: e.action,
    target: { type: e.targetType, id: e.targetId, label: wellFormed(e.targetLabel) },
    changes: orderedChanges(wellFormed(e.changes)) ?? null,
    address: e.address,
    userAgent: e.userAgent,
    requestId: e.requestId,
  };
}

type SchemaProperty = { type?: string | string[]; properties?: Record<string, unknown> };

/**
 * The CSV's columns, from the schema's properties in their order: a nested object's fields become
 * columns of their own (actor.type → actorType); `changes` stays one column of JSON text.
 */
export const CSV_COLUMNS: readonly { header: string; path: readonly string[] }[] = Object.entries(schema.properties as Record<string, SchemaProperty>).flatMap(
  ([key, property]) =>
    property.type === "object" && property.properties
      ? Object.keys(property.properties).map((sub) => ({ header: `${key}${sub[0]!.toUpperCase()}${sub.slice(1)}`, path: [key, sub] }))
      : [{ header: key, path: [key] }],
);

/**
 * One CSV field: always quoted, quotes doubled (RFC 4180). Text a spreadsheet would run as a formula
 * (starting with = + - @, a tab or a carriage return) gets a leading apostrophe, as OWASP's
 * "CSV Injection" page advises; values and lists go as JSON text.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '""';
  let text = typeof value === "string" ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

/** A CSV record, CRLF-terminated (RFC 4180). */
export const csvRecord = (fields: readonly unknown[]) => `${fields.map(csvField).join(",")}\r\n`;

function valueAt(line: AuditExportLine, path: readonly string[]): unknown {
  let value: unknown = line;
  for (const key of path) value = (value as Record<string, unknown> | null)?.[key];
  return value;
}

/** The text of one event in `format`. */
export function formatEvent(e: AuditEvent, format: AuditExportFormat): string {
  const line = exportLine(e);
  return format === "jsonl" ? `${JSON.stringify(line)}\n` : csvRecord(CSV_COLUMNS.map((c) => valueAt(line, c.path)));
}

/**
 * The export as a byte stream: the header row first for CSV (with a byte order mark, so spreadsheet
 * programs read the file as UTF-8), then the events, newest first, a batch per read. Each batch
 * continues after the last event sent (time, then id), so events written meanwhile never shift it.
 */
export function auditExportStream(query: AuditListQuery, format: AuditExportFormat): ReadableStream<Uint8Array> {
  const where = auditListWhere(query);
  const encoder = new TextEncoder();
  let last: { at: Date; id: string } | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let text = "";
        if (!started) {
          started = true;
          if (format === "csv") text += `\uFEFF${csvRecord(CSV_COLUMNS.map((c) => c.header))}`;
        }
        const after = last && { OR: [{ at: { lt: last.at } }, { at: last.at, id: { lt: last.id } }] };
        const batch = await prisma.auditEvent.findMany({
          where: after ? { AND: [where, after] } : where,
          orderBy: [{ at: "desc" }, { id: "desc" }],
          take: EXPORT_BATCH_SIZE,
        });
        for (const event of batch) text += formatEvent(event, format);
        if (text) controller.enqueue(encoder.encode(text));
        const end = batch.at(-1);
        if (batch.length < EXPORT_BATCH_SIZE || !end) controller.close();
        else last = { at: end.at, id: end.id };
      },
    },
    // One batch ahead at most: the reader's pace sets the database's.
    { highWaterMark: 1 },
  );
}
