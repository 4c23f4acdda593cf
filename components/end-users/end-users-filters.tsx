import { Link } from "@/components/ui/link";
import { FilterForm } from "@/components/ui/filter-form";
import { inputClass } from "@/components/ui/field";
import { endUserListQuerySchema, type EndUserListQuery } from "@/lib/end-users/schema";

const defaults = endUserListQuerySchema.parse({});

/** The end users' search: the list follows as you type, the URL with it (components/ui/filter-form.tsx). */
export function EndUsersFilters({ query }: { query: EndUserListQuery }) {
  return (
    <FilterForm action="/end-users" label="Search end users" values={{ q: query.q }} defaults={{ sort: defaults.sort, dir: defaults.dir }}>
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      <div className="min-w-56 flex-1">
        <label htmlFor="q" className="text-sm font-medium">
          Search
        </label>
        <input id="q" name="q" type="search" defaultValue={query.q} placeholder="Email, name, username or identity provider" className={inputClass} />
      </div>
      {query.q && (
        <Link href="/end-users" className="mb-2 text-sm text-indigo-700 underline dark:text-indigo-300">
          Clear search
        </Link>
      )}
    </FilterForm>
  );
}
