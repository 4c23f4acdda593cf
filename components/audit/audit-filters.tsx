import { buttonClass } from "@/components/ui/button";
import { FilterForm } from "@/components/ui/filter-form";
import { ClearFilters, FilterSearch, FilterSelect } from "@/components/ui/filter-fields";
import { auditFilterParams, datetimeLocalValue, isAuditFiltered, type AuditListQuery } from "@/lib/audit/list-query";
import type { AuditFilterOptions } from "@/lib/audit/queries";
import { targetTypeName } from "./format-changes";

/** Keeps a value from the URL selectable even when no stored event has it (yet). */
const withCurrent = (values: string[], current: string) => (current && !values.includes(current) ? [current, ...values] : values);

/** The audit log's filters: the list follows as you type, the URL with it (components/ui/filter-form.tsx). */
export function AuditFilters({ query, options }: { query: AuditListQuery; options: AuditFilterOptions }) {
  return (
    <FilterForm
      action="/audit"
      label="Filter audit events"
      values={{
        type: query.type,
        target: query.target,
        actor: query.actor,
        action: query.action,
        from: datetimeLocalValue(query.from),
        to: datetimeLocalValue(query.to),
      }}
    >
      <FilterSelect
        label="Target type"
        name="type"
        id="audit-type"
        defaultValue={query.type}
        any="All types"
        options={withCurrent(options.targetTypes, query.type).map((t) => ({ value: t, label: targetTypeName(t) }))}
      />
      <FilterSearch label="Target" name="target" id="audit-target" defaultValue={query.target} placeholder="client_id, name or internal ID" />
      <FilterSearch label="Actor" name="actor" id="audit-actor" list="audit-actors" defaultValue={query.actor} placeholder="Email, client_id or internal ID">
        <datalist id="audit-actors">
          {options.actors.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </FilterSearch>
      <FilterSelect
        label="Action"
        name="action"
        id="audit-action"
        defaultValue={query.action}
        any="All actions"
        options={withCurrent(options.actions, query.action).map((a) => ({ value: a, label: a }))}
      />
      {/* Times are UTC, as the list shows them; the URL holds them in RFC 3339 (…Z). */}
      <FilterSearch
        label="From (UTC)"
        name="from"
        id="audit-from"
        type="datetime-local"
        step={1}
        className="min-w-48"
        defaultValue={datetimeLocalValue(query.from)}
      />
      <FilterSearch
        label="Before (UTC)"
        name="to"
        id="audit-to"
        type="datetime-local"
        step={1}
        className="min-w-48"
        defaultValue={datetimeLocalValue(query.to)}
      />
      {isAuditFiltered(query) && <ClearFilters href="/audit" />}
    </FilterForm>
  );
}

/** Downloads of the events the filters select (all of them, not one page): CSV and JSON Lines. */
export function AuditExportLinks({ query, total }: { query: AuditListQuery; total: number }) {
  if (total === 0) return null;
  const href = (format: "csv" | "jsonl") => {
    const params = auditFilterParams(query);
    params.set("format", format);
    return `/audit/export?${params}`;
  };
  return (
    <p className="mb-4 flex flex-wrap items-center gap-2 text-sm">
      <span className="text-slate-600 max-sm:basis-full dark:text-slate-400">
        Export the {`${total.toLocaleString("en-US")} event${total === 1 ? "" : "s"}`} {isAuditFiltered(query) ? "these filters select" : "of the log"}:
      </span>
      {/* Plain links: a download, not a page to prefetch. */}
      <a href={href("csv")} download className={buttonClass("secondary", "py-1")}>
        CSV
      </a>
      <a href={href("jsonl")} download className={buttonClass("secondary", "py-1")}>
        JSON Lines
      </a>
    </p>
  );
}
