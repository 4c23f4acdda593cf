import { Link } from "@/components/ui/link";
import { CLIENT_STATUS_FILTERS, PAGE_SIZES, clientListQuerySchema, type ClientListQuery } from "@/lib/clients/list-query";
import { FilterForm } from "@/components/ui/filter-form";
import { inputClass } from "@/components/ui/field";

const defaults = clientListQuerySchema.parse({});

/** Search and filters: the list follows as you type, the URL with it (components/ui/filter-form.tsx). */
export function ClientsFilters({ query, profiles }: { query: ClientListQuery; profiles: { id: string; displayName: string }[] }) {
  return (
    <FilterForm
      action="/clients"
      label="Filter clients"
      values={{ q: query.q, profile: query.profile, status: query.status, size: String(query.size) }}
      defaults={{ sort: defaults.sort, dir: defaults.dir, size: String(defaults.size) }}
    >
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      <div className="min-w-56 flex-1">
        <label htmlFor="q" className="text-sm font-medium">
          Search
        </label>
        <input id="q" name="q" type="search" defaultValue={query.q} placeholder="Client ID or display name" className={inputClass} />
      </div>
      <div>
        <label htmlFor="profile" className="text-sm font-medium">
          Profile
        </label>
        <select id="profile" name="profile" defaultValue={query.profile} className={inputClass}>
          <option value="">All profiles</option>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="status" className="text-sm font-medium">
          Status
        </label>
        <select id="status" name="status" defaultValue={query.status} className={inputClass}>
          <option value="">Any status</option>
          {CLIENT_STATUS_FILTERS.map((s) => (
            <option key={s} value={s}>
              {s[0]!.toUpperCase() + s.slice(1)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="size" className="text-sm font-medium">
          Per page
        </label>
        <select id="size" name="size" defaultValue={String(query.size)} className={inputClass}>
          {PAGE_SIZES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      {(query.q || query.profile || query.status) && (
        <Link href="/clients" className="mb-2 text-sm text-indigo-700 underline dark:text-indigo-300">
          Clear filters
        </Link>
      )}
    </FilterForm>
  );
}
