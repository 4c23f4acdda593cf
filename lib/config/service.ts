import "server-only";
import type { ServiceContext } from "@/lib/actions/context";
import { applyPlan } from "./apply";
import { planImport, type ImportOptions, type ImportReport } from "./plan";
import { parsePortalJson } from "./portal-json";
import { parseUsercubeXml } from "./usercube-xml";

// Configuration as code: import (with a dry run) and export of the Usercube XML and the whole-portal
// JSON. One implementation for the portal's server action and the REST API (/api/v0/import,
// /api/v0/export). An import is planned first — every entry compared with what is stored, every
// problem collected with the same schemas and rules the forms use — and written only when the plan
// has no problem and it is not a dry run; the caller's transaction makes it all-or-nothing, and
// every write is audited in it (never a secret or a hash).

// The import is split along its seams: ./plan.ts (compare and check, reads only), ./apply.ts (writes,
// through the services every form and API call uses), ./export.ts.

export type { FieldChange, ImportOptions, ImportReport, PlanAction, PlanEntry, PlanKind } from "./plan";
export { exportConfiguration, loadPortalSnapshot, type ExportOptions } from "./export";

export async function importConfiguration(ctx: ServiceContext, options: ImportOptions): Promise<ImportReport> {
  const { tx, audit } = ctx;
  const parsed = options.format === "usercube-xml" ? parseUsercubeXml(options.text) : parsePortalJson(options.text, { passphrase: options.passphrase });
  const report: ImportReport = {
    format: options.format,
    dryRun: options.dryRun,
    valid: false,
    applied: false,
    entries: [],
    problems: [...parsed.problems],
    warnings: [...parsed.warnings],
    summary: { create: 0, change: 0, unchanged: 0 },
  };
  if (!parsed.document) return report;
  const plan = await planImport(tx, parsed.document, options, report);
  report.valid = report.problems.length === 0;
  for (const entry of report.entries) report.summary[entry.action] += 1;
  if (!report.valid || options.dryRun) return report;
  await applyPlan(ctx, plan);
  await audit({
    action: "config.imported",
    target: { type: "config", id: options.format, label: options.format === "usercube-xml" ? "Usercube XML" : "Portal JSON" },
    changes: { ...report.summary, warnings: report.warnings.length },
  });
  report.applied = true;
  return report;
}
