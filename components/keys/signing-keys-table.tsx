import { Badge } from "@/components/ui/badge";
import type { SigningKeyRow } from "@/lib/oauth/key-view";
import { DateTime } from "@/components/ui/date-time";

function Time({ date }: { date: Date }) {
  return <DateTime value={date} />;
}

/** The published signing keys: kid, algorithm, created, status and how long each stays published. */
export function SigningKeysTable({ keys }: { keys: SigningKeyRow[] }) {
  if (keys.length === 0) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 p-10 text-center dark:border-slate-700">
        <p className="font-medium">No signing keys yet.</p>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">The first token request, the first JWKS request or “Rotate keys” creates them.</p>
      </div>
    );
  }
  return (
    // Focusable, so the table can be scrolled sideways with the keyboard on narrow screens.
    <div
      tabIndex={0}
      role="region"
      aria-label="Published signing keys"
      className="overflow-x-auto rounded-xl border border-slate-200 bg-white focus:outline-2 focus:outline-offset-2 focus:outline-indigo-500 dark:border-slate-800 dark:bg-slate-900"
    >
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Published signing keys</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-3 py-2.5 font-medium">Key ID (kid)</th>
            <th scope="col" className="px-3 py-2.5 font-medium">Algorithm</th>
            <th scope="col" className="px-3 py-2.5 font-medium">Status</th>
            <th scope="col" className="px-3 py-2.5 font-medium">Created</th>
            <th scope="col" className="px-3 py-2.5 font-medium">Retired</th>
            <th scope="col" className="px-3 py-2.5 font-medium">Published until</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {keys.map((k) => (
            <tr key={k.kid} data-testid="signing-key-row">
              <td className="px-3 py-2.5 font-mono text-xs whitespace-nowrap">{k.kid}</td>
              <td className="px-3 py-2.5 font-mono">{k.alg}</td>
              <td className="px-3 py-2.5">{k.status === "active" ? <Badge tone="green">active</Badge> : <Badge tone="gray">retired</Badge>}</td>
              <td className="px-3 py-2.5 text-xs whitespace-nowrap tabular-nums"><Time date={k.createdAt} /></td>
              <td className="px-3 py-2.5 text-xs whitespace-nowrap tabular-nums">
                {k.retiredAt ? <Time date={k.retiredAt} /> : <span className="text-slate-600 dark:text-slate-400">—</span>}
              </td>
              <td className="px-3 py-2.5 text-xs whitespace-nowrap tabular-nums">
                {k.publishedUntil ? <Time date={k.publishedUntil} /> : <span className="text-slate-600 dark:text-slate-400">while active</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
