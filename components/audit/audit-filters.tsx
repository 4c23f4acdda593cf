import { Link } from "@/components/ui/link";
import { FilterForm } from "@/components/ui/filter-form";
import { inputClass } from "@/components/ui/field";
import { isAuditFiltered, type AuditListQuery } from "@/lib/audit/list-query";
import type { AuditFilterOptions } from "@/lib/audit/queries";
import { targetTypeName } from "./format-changes";

/** Keeps a value from the URL selectable even when no stored event has it (yet). */
const withCurrent = (values: string[], current: string) => (current && !values.includes(current) ? [current, ...values] : values);

/** The audit log's filters: the list follows as you type, the URL with it (components/ui/filter-form.tsx). */
export function AuditFilters({ query, options }: { query: AuditListQuery; options: AuditFilterOptions }) {
  return (
    <FilterForm action="/audit" label="Filter audit events" values={{ type: query.type, target: query.target, actor: query.actor, action: query.action }}>
      <div>
        <label htmlFor="audit-type" className="text-sm font-medium">
          Target type
        </label>
        <select id="audit-type" name="type" defaultValue={query.type} className={inputClass}>
          <option value="">All types</option>
          {withCurrent(options.targetTypes, query.type).map((t) => (
            <option key={t} value={t}>
              {targetTypeName(t)}
            </option>
          ))}
        </select>
      </div>
      <div className="min-w-56 flex-1">
        <label htmlFor="audit-target" className="text-sm font-medium">
          Target
        </label>
        <input id="audit-target" name="target" type="search" defaultValue={query.target} placeholder="client_id, name or internal ID" className={inputClass} />
      </div>
      <div className="min-w-56 flex-1">
        <label htmlFor="audit-actor" className="text-sm font-medium">
          Actor
        </label>
        <input id="audit-actor" name="actor" type="search" list="audit-actors" defaultValue={query.actor} placeholder="Admin email" className={inputClass} />
        <datalist id="audit-actors">
          {options.actors.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </div>
      <div>
        <label htmlFor="audit-action" className="text-sm font-medium">
          Action
        </label>
        <select id="audit-action" name="action" defaultValue={query.action} className={inputClass}>
          <option value="">All actions</option>
          {withCurrent(options.actions, query.action).map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </div>
      {isAuditFiltered(query) && (
        <Link href="/audit" className="mb-2 text-sm text-indigo-700 underline dark:text-indigo-300">
          Clear filters
        </Link>
      )}
    </FilterForm>
  );
}
