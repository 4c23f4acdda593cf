// A plain link, not next/link: the root error pages are part of every route's first load (the
// sign-in page has no other link), and a full page load to the dashboard is what a 404 needs anyway.
export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-2 px-4 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        There is nothing at this address: it may have been deleted, or be outside your scope of responsibility.
      </p>
      <a href="/" className="mt-2 text-sm text-indigo-700 underline dark:text-indigo-300">
        Go to the dashboard
      </a>
    </main>
  );
}
