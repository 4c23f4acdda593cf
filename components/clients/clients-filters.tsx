import {
  CLIENT_ATTENTION_FILTERS,
  CLIENT_STATUS_FILTERS,
  CLIENT_UNUSED_FILTERS,
  PAGE_SIZES,
  attentionDays,
  clientListQuerySchema,
  type ClientListQuery,
} from "@/lib/clients/list-query";
import { FilterForm } from "@/components/ui/filter-form";
import { ClearFilters, FilterSearch, FilterSelect } from "@/components/ui/filter-fields";

const defaults = clientListQuerySchema.parse({});

/** "Expires within 7 days", "Breaks the secret policy": each attention filter in words. */
const attentionLabel = (filter: string) => {
  const days = attentionDays(filter);
  return days === null ? "Breaks the secret policy" : `Expires within ${days} day${days === 1 ? "" : "s"}`;
};

/** Search and filters: the list follows as you type, the URL with it (components/ui/filter-form.tsx). */
export function ClientsFilters({ query, profiles }: { query: ClientListQuery; profiles: { id: string; displayName: string }[] }) {
  return (
    <FilterForm
      action="/clients"
      label="Filter clients"
      values={{ q: query.q, profile: query.profile, status: query.status, attention: query.attention, unused: query.unused, size: String(query.size) }}
      defaults={{ sort: defaults.sort, dir: defaults.dir, size: String(defaults.size) }}
    >
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      <FilterSearch label="Search" name="q" defaultValue={query.q} placeholder="Client ID or display name" />
      <FilterSelect
        label="Profile"
        name="profile"
        defaultValue={query.profile}
        any="All profiles"
        options={profiles.map((p) => ({ value: p.id, label: p.displayName }))}
      />
      <FilterSelect
        label="Status"
        name="status"
        defaultValue={query.status}
        any="Any status"
        options={CLIENT_STATUS_FILTERS.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) }))}
      />
      <FilterSelect
        label="Needs attention"
        name="attention"
        defaultValue={query.attention}
        any="Anything"
        options={CLIENT_ATTENTION_FILTERS.map((f) => ({ value: f, label: attentionLabel(f) }))}
      />
      <FilterSelect
        label="Usage"
        name="unused"
        defaultValue={query.unused}
        any="Any usage"
        options={CLIENT_UNUSED_FILTERS.map((days) => ({ value: days, label: `Unused for ${days} days` }))}
      />
      <FilterSelect label="Per page" name="size" defaultValue={String(query.size)} options={PAGE_SIZES.map((s) => ({ value: String(s), label: String(s) }))} />
      {(query.q || query.profile || query.status || query.attention || query.unused) && <ClearFilters href="/clients" />}
    </FilterForm>
  );
}
