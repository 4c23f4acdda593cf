import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-2 px-4 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">There is nothing at this address.</p>
      <Link href="/" className="mt-2 text-sm text-indigo-700 underline dark:text-indigo-300">
        Go to the dashboard
      </Link>
    </main>
  );
}
