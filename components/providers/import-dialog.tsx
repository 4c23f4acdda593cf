"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { inputClass } from "@/components/ui/field";
import { importProviders } from "@/lib/providers/actions";

type Outcome = { tone: "success"; text: string } | { tone: "error"; text: string; problems: [string, string[]][] };

function summary({ created, updated }: { created: string[]; updated: string[] }) {
  const parts = [];
  if (created.length) parts.push(`created ${created.join(", ")}`);
  if (updated.length) parts.push(`updated ${updated.join(", ")}`);
  const count = created.length + updated.length;
  return `Imported ${count} provider${count === 1 ? "" : "s"}${parts.length ? `: ${parts.join("; ")}` : ""}.`;
}

/** Import a `{"open_id_connect": [ … ]}` document, uploaded or pasted. All or nothing. */
export function ImportDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [pending, startTransition] = useTransition();
  const fileId = useId();
  const textId = useId();

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 1_000_000) {
      setOutcome({ tone: "error", text: "The file is larger than 1 MB.", problems: [] });
      return;
    }
    setText(await file.text());
    setOutcome(null);
  };

  const submit = () =>
    startTransition(async () => {
      setOutcome(null);
      const result = await importProviders({ json: text });
      if (result.ok) {
        setOutcome({ tone: "success", text: summary(result.data) });
        setText("");
        router.refresh();
      } else {
        setOutcome({ tone: "error", text: result.message, problems: Object.entries(result.fieldErrors ?? {}) });
      }
    });

  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          setOutcome(null);
          setOpen(true);
        }}
      >
        Import
      </Button>
      <Modal
        open={open}
        onOpenChange={(o) => !pending && setOpen(o)}
        wide
        title="Import providers"
        description={
          <>
            A JSON document <code className="font-mono text-xs">{'{"open_id_connect": [ … ]}'}</code>. A provider whose provider_name exists is updated, any
            other is created. Nothing is imported when any entry has a problem.{" "}
            <a href="/providers/example.json" download className="font-medium text-indigo-700 underline dark:text-indigo-400">
              Download a valid example
            </a>
            .
          </>
        }
      >
        <div className="space-y-4">
          <div>
            <label htmlFor={fileId} className="block text-sm font-medium">
              Upload a file
            </label>
            <input
              id={fileId}
              type="file"
              accept=".json,application/json"
              onChange={(e) => readFile(e.target.files?.[0])}
              className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium dark:file:border-slate-700 dark:file:bg-slate-900 dark:file:text-slate-100"
            />
          </div>
          <div>
            <label htmlFor={textId} className="block text-sm font-medium">
              Or paste the document
            </label>
            <textarea
              id={textId}
              rows={8}
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={'{\n  "open_id_connect": [\n    { "provider_name": "AzureAD", … }\n  ]\n}'}
              className={`${inputClass} font-mono text-xs`}
            />
          </div>
          <div aria-live="polite" data-testid="import-result">
            {outcome?.tone === "success" && (
              <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300">
                {outcome.text}
              </p>
            )}
            {outcome?.tone === "error" && (
              <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-300">
                <p className="font-medium">{outcome.text}</p>
                {outcome.problems.length > 0 && (
                  <ul className="mt-2 max-h-60 list-disc space-y-1 overflow-y-auto pl-5" aria-label="Problems">
                    {outcome.problems.flatMap(([path, messages]) =>
                      messages.map((message, i) => (
                        <li key={`${path}-${i}`}>
                          <code className="font-mono text-xs font-semibold">{path}</code>: {message}
                        </li>
                      )),
                    )}
                  </ul>
                )}
              </div>
            )}
          </div>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setOpen(false)} disabled={pending}>
              Close
            </Button>
            <Button type="button" onClick={submit} pending={pending} disabled={!text.trim()}>
              Import
            </Button>
          </div>
        </div>
      </Modal>
    </>
  );
}
