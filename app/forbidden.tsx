// A plain link, not next/link: see app/not-found.tsx.
/** The 403 page: shown (with status 403) when an admin's role or scope of responsibility does not allow a page. */
export default function Forbidden() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-2 px-4 text-center">
      <h1 className="text-2xl font-semibold">You may not open this page</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">Your role or your scope of responsibility does not include it. Ask an Owner if you need it.</p>
      <a href="/" className="mt-2 text-sm text-indigo-700 underline dark:text-indigo-300">
        Go to the dashboard
      </a>
    </main>
  );
}
