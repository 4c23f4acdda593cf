import { ApiError } from "@/lib/api/errors";
import { apiOperation, json } from "@/lib/api/http";
import { MAX_JSON_CHARS } from "@/lib/config/portal-json";
import { importConfiguration } from "@/lib/config/service";
import { readCapped } from "@/lib/http/read-capped";

/**
 * POST /api/v0/import — a Usercube XML (`Content-Type: application/xml` or `text/xml`) or a
 * whole-portal JSON (`application/json`) document. `?dry_run=true` plans without writing;
 * `?create_missing_profiles=true` creates the profiles clients name that do not exist;
 * `X-Import-Passphrase` opens sealed provider secrets. All or nothing: 200 with the report when
 * valid, 400 with every problem (`errors[].path` is the XPath or JSON path) and the report when not.
 * Administrator only; audited.
 */
export const POST = apiOperation({ permission: "configuration.import" }, async ({ request, url, mutate }) => {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const format = type === "application/json" ? "portal-json" : type === "application/xml" || type === "text/xml" ? "usercube-xml" : null;
  if (!format) throw new ApiError(415, "invalid_request", "Send Content-Type application/xml (Usercube) or application/json (portal export).");
  const text = await readCapped(request, MAX_JSON_CHARS);
  if (text === null) throw new ApiError(413, "invalid_request", "The body is too large.");
  const flag = (name: string) => {
    const value = url.searchParams.get(name);
    if (value === null || value === "false") return false;
    if (value === "true" || value === "") return true;
    throw new ApiError(400, "invalid_request", `${name} must be true or false.`, [{ path: name, message: "Use true or false." }]);
  };
  const dryRun = flag("dry_run");
  const createMissingProfiles = flag("create_missing_profiles");
  const report = await mutate(
    (ctx) => importConfiguration(ctx, { format, text, dryRun, createMissingProfiles, passphrase: request.headers.get("x-import-passphrase") ?? undefined }),
    { timeout: 60_000 },
  );
  const body = {
    dry_run: report.dryRun,
    valid: report.valid,
    applied: report.applied,
    summary: report.summary,
    entries: report.entries.map((e) => ({ kind: e.kind, key: e.key, path: e.path, action: e.action, changes: e.changes })),
    warnings: report.warnings,
  };
  if (!report.valid) {
    return json(400, {
      error: "invalid_request",
      message: `The document has ${report.problems.length} problem(s). Nothing was imported.`,
      errors: report.problems,
      report: body,
    });
  }
  return json(200, body);
});
