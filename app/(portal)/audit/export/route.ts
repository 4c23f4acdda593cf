import { z } from "zod";
import { adminRoute } from "@/lib/actions/admin-route";
import { auditExportStream } from "@/lib/audit/export";
import { auditFilterParams, auditListQuerySchema } from "@/lib/audit/list-query";

// Downloads the audit events the filters select (the /audit page's parameters), every page of them:
// `format=csv` or `format=jsonl` (docs/audit-event.schema.json). Streamed; the export is audited.

const formatSchema = z.enum(["csv", "jsonl"]);

const CONTENT_TYPES = { csv: "text/csv; charset=utf-8; header=present", jsonl: "application/jsonl; charset=utf-8" } as const;

export const GET = adminRoute("audit.read", async (request, { run, plain }) => {
  const raw = Object.fromEntries(new URL(request.url).searchParams);
  const format = formatSchema.safeParse(raw.format);
  if (!format.success) return plain(400, "Choose format=csv or format=jsonl.");
  const query = auditListQuerySchema.parse(raw);
  // The page forgives a malformed time; an export of more than was asked would not be forgiven.
  const badTime = (["from", "to"] as const).find((key) => raw[key] && !query[key]);
  if (badTime) return plain(400, `${badTime} must be an RFC 3339 date-time, like 2026-12-06T18:34:00Z.`);

  const filters = Object.fromEntries(auditFilterParams(query));
  await run((ctx) =>
    ctx.audit({ action: "audit.exported", target: { type: "audit", id: "*", label: "audit log" }, changes: { format: format.data, filters } }),
  );
  const stamp = new Date().toISOString().slice(0, 19).replace(/\D/g, "");
  return new Response(auditExportStream(query, format.data), {
    headers: {
      "content-type": CONTENT_TYPES[format.data],
      "content-disposition": `attachment; filename="audit-events-${stamp}.${format.data}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
