import { Link } from "./link";

/** The result of a form submission, announced to screen readers; `link`: where to follow it up (a change request). */
export function FormMessage({
  message,
  tone = "error",
  link,
}: {
  message?: string | null;
  tone?: "error" | "success";
  link?: { href: string; label: string };
}) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      aria-live={tone === "error" ? "assertive" : "polite"}
      data-testid="form-message"
      className={`min-h-5 text-sm ${tone === "error" ? "text-red-700 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}`}
    >
      {message}
      {message && link && (
        <>
          {" "}
          <Link href={link.href} className="font-medium text-indigo-700 underline dark:text-indigo-300">
            {link.label}
          </Link>
        </>
      )}
    </div>
  );
}
