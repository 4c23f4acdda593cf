/** A titled group of fields in a long form: title and description on the left, fields on the right. */
export function FormSection({ title, description, children }: { title: string; description: string; children: React.ReactNode }) {
  return (
    <fieldset className="grid gap-x-6 gap-y-1 border-t border-slate-200 pt-6 first:border-t-0 first:pt-0 md:grid-cols-3 dark:border-slate-800">
      <div className="mb-3 md:mb-0">
        <legend className="font-medium">{title}</legend>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</p>
      </div>
      <div className="space-y-1 md:col-span-2">{children}</div>
    </fieldset>
  );
}
