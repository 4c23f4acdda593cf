import { FilterForm } from "@/components/ui/filter-form";
import { ClearFilters, FilterSearch, FilterSelect } from "@/components/ui/filter-fields";
import { isAuditFiltered, type AuditListQuery } from "@/lib/audit/list-query";
import type { AuditFilterOptions } from "@/lib/audit/queries";
import { targetTypeName } from "./format-changes";

/** Keeps a value from the URL selectable even when no stored event has it (yet). */
const withCurrent = (values: string[], current: string) => (current && !values.includes(current) ? [current, ...values] : values);

/** The audit log's filters: the list follows as you type, the URL with it (components/ui/filter-form.tsx). */
export function AuditFilters({ query, options }: { query: AuditListQuery; options: AuditFilterOptions }) {
  return (
    <FilterForm action="/audit" label="Filter audit events" values={{ type: query.type, target: query.target, actor: query.actor, action: query.action }}>
      <FilterSelect
        label="Target type"
        name="type"
        id="audit-type"
        defaultValue={query.type}
        any="All types"
        options={withCurrent(options.targetTypes, query.type).map((t) => ({ value: t, label: targetTypeName(t) }))}
      />
      <FilterSearch label="Target" name="target" id="audit-target" defaultValue={query.target} placeholder="client_id, name or internal ID" />
      <FilterSearch label="Actor" name="actor" id="audit-actor" list="audit-actors" defaultValue={query.actor} placeholder="Admin email">
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
      {isAuditFiltered(query) && <ClearFilters href="/audit" />}
    </FilterForm>
  );
}
