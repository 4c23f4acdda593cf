import { Link } from "@/components/ui/link";

export default function EndUserNotFound() {
  return (
    <div className="rounded-xl border border-dashed border-slate-300 p-10 text-center dark:border-slate-700">
      <h1 className="text-xl font-semibold">End user not found</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">They may have no grant within your scope of responsibility.</p>
      <Link href="/end-users" className="mt-4 inline-block text-sm text-indigo-700 underline dark:text-indigo-300">
        Back to end users
      </Link>
    </div>
  );
}
