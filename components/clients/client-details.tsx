import type { ReactNode } from "react";
import { DateTime } from "@/components/ui/date-time";
import { detailFields, detailOf, rowToSettings, type ClientField, type ClientRow, type ClientSettings } from "@/lib/clients/model";

/** A row of a page's own (not a setting): its label, its value, and the value's test id or classes. */
export type DetailRow = { label: string; value: ReactNode; testId?: string; className?: string };

/** In a layout: the settings declared for the view (lib/clients/model.ts `detail`) that it does not place itself. */
export const OTHER_DETAILS = "other details";

/** One row of a layout: a setting by name, a row of the page's own, or OTHER_DETAILS. */
export type DetailEntry = ClientField | DetailRow | typeof OTHER_DETAILS;
type View = "page" | "sheet";

const LOOK = {
  // The client page: one line of small facts under its title.
  page: {
    list: "mt-3 flex flex-wrap gap-x-6 gap-y-1 text-xs text-slate-500 dark:text-slate-400",
    row: "",
    term: "inline",
    value: "inline",
  },
  // The hand-over sheet: a printable two-column list.
  sheet: {
    list: "mt-6 divide-y divide-slate-200 border-y border-slate-200 dark:divide-slate-800 dark:border-slate-800 print:divide-slate-400 print:border-slate-400",
    row: "grid gap-1 py-2.5 sm:grid-cols-3 sm:gap-4 print:grid-cols-3",
    term: "text-sm font-medium text-slate-600 dark:text-slate-400 print:text-black",
    value: "text-sm whitespace-pre-line [overflow-wrap:anywhere] sm:col-span-2 print:col-span-2",
  },
} as const;

const link = "text-indigo-700 hover:underline dark:text-indigo-300";

/** A setting's value as its declaration says it reads (lines: one a line on the sheet, commas on the page). */
function SettingValue({ field, value, view }: { field: ClientField; value: ClientSettings[ClientField]; view: View }) {
  const { as } = detailOf(field);
  if (as === "instant") return <DateTime value={value as Date | null} empty="never" />;
  if (value === null || value === "" || (Array.isArray(value) && value.length === 0)) return <>none</>;
  switch (as) {
    case "lines":
      return <>{(value as string[]).join(view === "sheet" ? "\n" : ", ")}</>;
    case "words":
      return <>{(value as string[]).join(" ")}</>;
    case "code":
      return <code className="font-mono">{String(value)}</code>;
    case "link":
      // The rule allows https URLs only (lib/clients/model.ts).
      return (
        <a href={String(value)} className={`${link} [overflow-wrap:anywhere]`} rel="noreferrer">
          {String(value)}
        </a>
      );
    default:
      return <>{String(value)}</>;
  }
}

const testIdOf = (field: ClientField) => `client-${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * A client's details as a definition list: the page's own rows and its settings, each setting with
 * its declared label and look. `layout` places them; OTHER_DETAILS stands for the settings declared
 * for the view that the layout does not name (a new field shows up there without an edit here).
 */
export function ClientDetails({ client, view, layout }: { client: ClientRow; view: View; layout: DetailEntry[] }) {
  const settings = rowToSettings(client);
  const named = new Set(layout.filter((entry): entry is ClientField => typeof entry === "string" && entry !== OTHER_DETAILS));
  const rows = layout.flatMap((entry): DetailRow[] => {
    if (entry === OTHER_DETAILS)
      return detailFields(view)
        .filter((field) => !named.has(field))
        .map((field) => settingRow(field));
    return typeof entry === "string" ? [settingRow(entry)] : [entry];
  });
  function settingRow(field: ClientField): DetailRow {
    return { label: detailOf(field).label, value: <SettingValue field={field} value={settings[field]} view={view} />, testId: testIdOf(field) };
  }
  const look = LOOK[view];
  return (
    <dl className={look.list}>
      {rows.map(({ label, value, testId, className }) => (
        <div key={label} className={look.row || undefined}>
          <dt className={look.term}>{view === "page" ? `${label} ` : label}</dt>
          <dd className={className ? `${look.value} ${className}` : look.value} data-testid={testId}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
