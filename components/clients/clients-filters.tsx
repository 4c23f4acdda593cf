import {
  CLIENT_ATTENTION_FILTERS,
  CLIENT_AUTH_FILTERS,
  CLIENT_ENABLED_FILTERS,
  CLIENT_FILTER_KEYS,
  CLIENT_FLOW_FILTERS,
  CLIENT_STATUS_FILTERS,
  CLIENT_TYPE_FILTERS,
  CLIENT_UNUSED_FILTERS,
  PAGE_SIZES,
  activeFilterCount,
  attentionDays,
  clientListQuerySchema,
  type ClientListQuery,
} from "@/lib/clients/list-query";
import { FilterForm } from "@/components/ui/filter-form";
import { ClearFilters, FilterSearch, FilterSelect } from "@/components/ui/filter-fields";
import { FilterDisclosure } from "@/components/ui/filter-disclosure";

const defaults = clientListQuerySchema.parse({});

/** "Client or a live secret expires within 7 days", "Breaks the secret policy": each attention filter in words. */
const attentionLabel = (filter: string) => {
  const days = attentionDays(filter);
  return days === null ? "Breaks the secret policy" : `Client or a secret expires within ${days} day${days === 1 ? "" : "s"}`;
};

const unusedLabel = (filter: (typeof CLIENT_UNUSED_FILTERS)[number]) => (filter === "never" ? "Never used" : `Unused for ${filter} days`);

const capitalized = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** The filters behind "More filters": its summary counts those in use, and it opens when one is. */
const MORE_FILTERS = [
  "context",
  "enabled",
  "flow",
  "auth",
  "type",
  "scope",
  "owner",
  "host",
  "unused",
] as const satisfies readonly (typeof CLIENT_FILTER_KEYS)[number][];

export type ClientFilterOptions = {
  profiles: { id: string; displayName: string }[];
  contexts: { id: number; category: string; d0: string }[];
  scopes: { id: string; name: string }[];
};

/**
 * Search and filters: the list follows as you type, the URL with it (components/ui/filter-form.tsx).
 * The most used filters stay in view; the rest sit behind a "More filters" disclosure (a native
 * <details>), open when the page opens with one of them in use.
 */
export function ClientsFilters({ query, options, total }: { query: ClientListQuery; options: ClientFilterOptions; total: number }) {
  const values = Object.fromEntries(CLIENT_FILTER_KEYS.map((key) => [key, query[key]]));
  const more = MORE_FILTERS.filter((key) => query[key] !== "").length;
  return (
    <FilterForm
      action="/clients"
      label="Filter clients"
      values={{ ...values, size: String(query.size) }}
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
        options={options.profiles.map((p) => ({ value: p.id, label: p.displayName }))}
      />
      <FilterSelect
        label="Status"
        name="status"
        defaultValue={query.status}
        any="Any status"
        options={CLIENT_STATUS_FILTERS.map((s) => ({ value: s, label: capitalized(s) }))}
      />
      <FilterSelect
        label="Needs attention"
        name="attention"
        defaultValue={query.attention}
        any="Anything"
        options={CLIENT_ATTENTION_FILTERS.map((f) => ({ value: f, label: attentionLabel(f) }))}
      />
      <FilterSelect label="Per page" name="size" defaultValue={String(query.size)} options={PAGE_SIZES.map((s) => ({ value: String(s), label: String(s) }))} />
      <FilterDisclosure summary={`More filters${more > 0 ? ` (${more} in use)` : ""}`} initiallyOpen={more > 0}>
        <FilterSelect
          label="Profile context"
          name="context"
          defaultValue={query.context}
          any="Any context"
          options={options.contexts.map((c) => ({ value: String(c.id), label: `${c.category}: ${c.d0} (${c.id})` }))}
        />
        <FilterSelect
          label="Enabled"
          name="enabled"
          defaultValue={query.enabled}
          any="Enabled or not"
          options={CLIENT_ENABLED_FILTERS.map((v) => ({ value: v, label: v === "yes" ? "Enabled" : "Disabled" }))}
        />
        <FilterSelect label="Flow" name="flow" defaultValue={query.flow} any="Any flow" options={CLIENT_FLOW_FILTERS.map((f) => ({ value: f, label: f }))} />
        <FilterSelect
          label="Auth method"
          name="auth"
          defaultValue={query.auth}
          any="Any method"
          options={CLIENT_AUTH_FILTERS.map((m) => ({ value: m, label: m }))}
        />
        <FilterSelect
          label="Type"
          name="type"
          defaultValue={query.type}
          any="Public or confidential"
          options={CLIENT_TYPE_FILTERS.map((t) => ({ value: t, label: capitalized(t) }))}
        />
        <FilterSelect
          label="Scope"
          name="scope"
          defaultValue={query.scope}
          any="Any scope"
          options={options.scopes.map((s) => ({ value: s.id, label: s.name }))}
        />
        <FilterSelect
          label="Last used"
          name="unused"
          defaultValue={query.unused}
          any="Any time"
          options={CLIENT_UNUSED_FILTERS.map((f) => ({ value: f, label: unusedLabel(f) }))}
        />
        <FilterSearch
          label="Owner or contact"
          name="owner"
          defaultValue={query.owner}
          placeholder="team-orders or alice@example.com"
          className="min-w-56 flex-1"
        />
        <FilterSearch
          label="Redirect URI host"
          name="host"
          defaultValue={query.host}
          placeholder="example.com (and its subdomains)"
          className="min-w-56 flex-1"
        />
      </FilterDisclosure>
      <p className="w-full text-sm text-slate-600 dark:text-slate-400" role="status" data-testid="client-count">
        {total.toLocaleString("en")} client{total === 1 ? "" : "s"}
        {activeFilterCount(query) > 0 && (
          <>
            {" "}
            match · <ClearFilters href="/clients" />
          </>
        )}
      </p>
    </FilterForm>
  );
}
