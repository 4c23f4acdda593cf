// How the portal shows an instant: one stated time zone (UTC) everywhere, readable, with the exact
// RFC 3339 instant for a tooltip and the <time> element. Rendered on the server, so what the page
// shows never depends on the browser's time zone (and never mismatches on hydration).

export const DISPLAY_TIME_ZONE = "UTC";

const readable = new Intl.DateTimeFormat("en-GB", {
  timeZone: DISPLAY_TIME_ZONE,
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** "26 Nov 2026, 19:30 UTC". */
export function formatInstant(date: Date): string {
  return `${readable.format(date)} ${DISPLAY_TIME_ZONE}`;
}

/** The exact instant, for the tooltip: 2026-11-26T19:30:12.345Z. */
export function exactInstant(date: Date): string {
  return date.toISOString();
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "always" });
const AGO_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** How long before `now` an instant was, in its largest whole unit: "3 days ago", "just now". */
export function formatAgo(date: Date, now: Date): string {
  const elapsed = now.getTime() - date.getTime();
  for (const [unit, ms] of AGO_UNITS) {
    if (elapsed >= ms) return relative.format(-Math.floor(elapsed / ms), unit);
  }
  return "just now";
}
