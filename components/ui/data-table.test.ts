// The portal's one table (components/ui/data-table.tsx) and its list search (filter-form.tsx):
// table semantics on a desktop, the phone's labels, sorting links, the empty state, and the URL a
// search builds.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable, EmptyState, type Column } from "./data-table";
import { filterHref } from "./filter-form";

type Row = { id: string; name: string; count: number };
type Sort = "name" | "count";

const rows: Row[] = [
  { id: "a", name: "alpha", count: 1 },
  { id: "b", name: "beta", count: 2 },
];
const columns: Column<Row, Sort>[] = [
  { header: "Name", sort: "name", phone: "title", cell: (r) => r.name },
  { header: "Count", sort: "count", align: "right", cell: (r) => r.count },
  { header: "Note", cell: () => "—" },
  { header: "Actions", hideHeader: true, phone: "actions", cell: (r) => createElement("button", { type: "button" }, `Edit ${r.name}`) },
];

const render = (props: Partial<Parameters<typeof DataTable<Row, Sort>>[0]> = {}) =>
  renderToStaticMarkup(
    createElement(DataTable<Row, Sort>, {
      caption: "Things",
      rows,
      columns,
      rowKey: (r) => r.id,
      rowProps: (r) => ({ "data-testid": `row-${r.id}` }),
      empty: createElement(EmptyState, { title: "Nothing yet" }),
      ...props,
    }),
  );

describe("DataTable", () => {
  it("is a captioned table with column headers, one row per item, in a focusable named region", () => {
    const html = render();
    expect(html).toMatch(/^<div role="region" aria-label="Things" tabindex="0"/);
    expect(html).toContain('<caption class="sr-only">Things</caption>');
    expect(html.match(/<th scope="col"/g)).toHaveLength(4);
    expect(html).toContain('<span class="sr-only">Actions</span>');
    expect(html.match(/<tr data-testid="row-/g)).toHaveLength(2);
    expect(html).toContain("Edit beta");
  });

  it("labels the plain cells for the phone layout, not the title or the actions", () => {
    const html = render();
    expect(html.match(/data-label="Count"/g)).toHaveLength(2);
    expect(html.match(/data-label="Note"/g)).toHaveLength(2);
    expect(html).not.toContain('data-label="Name"');
    expect(html).not.toContain('data-label="Actions"');
  });

  it("links sortable headers to the list sorted the other way for the active column, ascending for the others", () => {
    const href = (by: Sort, dir: "asc" | "desc") => `/things?sort=${by}&dir=${dir}`;
    const html = render({ sorting: { by: "name", dir: "asc", href } });
    expect(html).toContain('aria-sort="ascending"');
    expect(html.match(/aria-sort=/g)).toHaveLength(1);
    expect(html).toContain('href="/things?sort=name&amp;dir=desc"');
    expect(html).toContain('href="/things?sort=count&amp;dir=asc"');
    // The phone's line of sort links (the headers are hidden there) names the active one.
    expect(html).toContain('aria-current="true"');
    expect(render({ sorting: { by: "count", dir: "desc", href } })).toContain('aria-sort="descending"');
    expect(render()).not.toContain("aria-sort");
  });

  it("shows the empty state instead of a table when there are no rows", () => {
    const html = render({ rows: [] });
    expect(html).not.toContain("<table");
    expect(html).toContain("Nothing yet");
  });

  it("a small table that always fits is no extra tab stop", () => {
    const html = render({ scroll: false });
    expect(html).not.toContain("tabindex");
    expect(html).not.toContain('role="region"');
  });
});

describe("filterHref", () => {
  it("keeps what is filled in, leaves out empty fields and defaults", () => {
    const fields: [string, string][] = [
      ["sort", "updatedAt"],
      ["dir", "asc"],
      ["q", "orders api"],
      ["profile", ""],
      ["size", "25"],
    ];
    expect(filterHref("/clients", fields, { sort: "updatedAt", dir: "desc", size: "25" })).toBe("/clients?dir=asc&q=orders+api");
    expect(filterHref("/clients", [["q", "  "]])).toBe("/clients");
  });
});
