import type { ReactNode } from "react";
import { Link } from "./link";

/**
 * One column of a DataTable: its header, how a row fills its cell, and where the cell goes on a
 * phone. `Sort` is the list's sort keys (from its URL schema), so a column can only name a real one.
 */
export type Column<Row, Sort extends string = never> = {
  /** The header; also the cell's label on a phone. */
  header: string;
  /** The header is for screen readers only (an actions column). */
  hideHeader?: boolean;
  cell: (row: Row) => ReactNode;
  /** The list sorts by this key on the server: the header is a link (works without script, shareable). */
  sort?: Sort;
  align?: "right";
  /** More classes for the cell: widths, wrapping, fonts. */
  className?: string;
  /**
   * On a phone each row is a block: "title" leads it without a label, "actions" ends it without a
   * label (always in view, never off to the right), "hide" leaves the cell out; other cells read as
   * "label  value" lines.
   */
  phone?: "title" | "actions" | "hide";
};

export type Sorting<Sort extends string> = {
  by: Sort;
  dir: "asc" | "desc";
  /** The list's URL sorted this way (and back to its first page). */
  href: (by: Sort, dir: "asc" | "desc") => string;
};

/** What a list shows before anything is in it (or when a search finds nothing). */
export function EmptyState({ title, text, action }: { title: string; text?: ReactNode; action?: ReactNode }) {
  return (
    <div className="rounded-xl border border-dashed border-slate-300 px-6 py-10 text-center dark:border-slate-700">
      <p className="font-medium">{title}</p>
      {text && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{text}</p>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}

/** On a desktop the actions column stays at the right edge while a wide table scrolls sideways. */
const stickyActions = "sm:sticky sm:right-0 sm:bg-slate-50 dark:sm:bg-slate-900";

function sortLink<Sort extends string>(sorting: Sorting<Sort>, by: Sort) {
  const active = sorting.by === by;
  return { active, href: sorting.href(by, active && sorting.dir === "asc" ? "desc" : "asc") };
}

function SortArrow({ active, dir }: { active: boolean; dir: "asc" | "desc" }) {
  return (
    <span aria-hidden className={active ? "" : "opacity-30"}>
      {active && dir === "desc" ? "▼" : "▲"}
    </span>
  );
}

/**
 * The portal's one table. On a desktop: a table with a caption and column headers; sortable headers
 * are links to the sorted list. On a phone (below 640 px) each row becomes a block — its title, its
 * cells as "label  value" lines, its actions last — so nothing hides off to the right, and a line of
 * sort links replaces the headers.
 */
export function DataTable<Row, Sort extends string = never>({
  caption,
  rows,
  columns,
  rowKey,
  rowProps,
  sorting,
  empty,
  scroll = true,
}: {
  /** Names the table for screen readers (caption and the scrolling region). */
  caption: string;
  rows: readonly Row[];
  columns: readonly Column<Row, Sort>[];
  rowKey: (row: Row) => string | number;
  rowProps?: (row: Row) => { "data-testid"?: string };
  sorting?: Sorting<Sort>;
  empty: ReactNode;
  /**
   * A wide table scrolls sideways on a desktop, inside a region that takes focus (so the keyboard
   * scrolls it too). `false` for a small table that always fits (no extra tab stop).
   */
  scroll?: boolean;
}) {
  if (rows.length === 0) return <>{empty}</>;
  const sortable = sorting ? columns.filter((c): c is Column<Row, Sort> & { sort: Sort } => c.sort !== undefined) : [];
  return (
    <div
      {...(scroll && { role: "region", "aria-label": caption, tabIndex: 0 })}
      className={`rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900 ${scroll ? "overflow-x-auto focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500" : ""}`}
    >
      {sorting && sortable.length > 0 && (
        <p className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs sm:hidden dark:border-slate-800 dark:bg-slate-900">
          <span className="font-medium uppercase text-slate-600 dark:text-slate-400">Sort by</span>
          {sortable.map((column) => {
            const { active, href } = sortLink(sorting, column.sort);
            return (
              <Link
                key={column.sort}
                href={href}
                aria-current={active ? "true" : undefined}
                className={`inline-flex items-center gap-1 ${active ? "font-semibold" : "text-indigo-700 dark:text-indigo-300"}`}
              >
                {column.header}
                <SortArrow active={active} dir={sorting.dir} />
              </Link>
            );
          })}
        </p>
      )}
      <table className="w-full text-left text-sm max-sm:block">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600 max-sm:hidden dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400">
          <tr>
            {columns.map((column) => {
              const sort = sorting && column.sort !== undefined ? sortLink(sorting, column.sort) : null;
              return (
                <th
                  key={column.header}
                  scope="col"
                  aria-sort={sort?.active ? (sorting!.dir === "asc" ? "ascending" : "descending") : undefined}
                  className={`px-4 py-2.5 font-medium ${column.align === "right" ? "text-right" : ""} ${column.phone === "actions" ? stickyActions : ""}`}
                >
                  {column.hideHeader ? (
                    <span className="sr-only">{column.header}</span>
                  ) : sort ? (
                    <Link href={sort.href} className="inline-flex items-center gap-1 hover:text-slate-900 dark:hover:text-white">
                      {column.header}
                      <SortArrow active={sort.active} dir={sorting!.dir} />
                    </Link>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 max-sm:block dark:divide-slate-800">
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowProps?.(row)} className="group hover:bg-slate-50 max-sm:block max-sm:px-4 max-sm:py-3 dark:hover:bg-slate-800/50">
              {columns.map((column) => (
                <td
                  key={column.header}
                  data-label={column.phone ? undefined : column.header}
                  className={`cell cell-${column.phone ?? "line"}${column.align === "right" ? " text-right max-sm:text-left" : ""}${column.className ? ` ${column.className}` : ""}`}
                >
                  {/* One box, so a cell of several lines stays one value beside its label on a phone. Where a
                      cell goes on a phone (cell-line, -title, -actions, -hide): app/globals.css. */}
                  <div className="min-w-0">{column.cell(row)}</div>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
