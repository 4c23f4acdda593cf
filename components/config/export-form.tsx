"use client";

import { useId, useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

const FORMATS = [
  { value: "portal-json", label: "Portal JSON (everything, lossless)" },
  { value: "usercube-xml", label: "Usercube XML (profile contexts and clients)" },
] as const;

/**
 * Downloads the configuration (a plain form post: the route handler checks the session, audits the
 * export and answers with a file). Provider client secrets only when ticked, sealed with a passphrase.
 */
export function ConfigExportForm({ minPassphrase }: { minPassphrase: number }) {
  const [format, setFormat] = useState<(typeof FORMATS)[number]["value"]>("portal-json");
  const [withSecrets, setWithSecrets] = useState(false);
  const ids = { secrets: useId(), passphrase: useId() };
  return (
    <form method="post" action="/configuration/export" className="space-y-3">
      <fieldset>
        <legend className="text-sm font-medium">Format</legend>
        <div className="mt-1 flex flex-wrap gap-4 text-sm">
          {FORMATS.map(({ value, label }) => (
            <label key={value} className="flex items-center gap-2">
              <input type="radio" name="format" value={value} checked={format === value} onChange={() => setFormat(value)} className="size-4" />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      {format === "portal-json" && (
        <div className="flex flex-wrap items-end gap-4">
          <div className="flex items-start gap-2">
            <input
              id={ids.secrets}
              type="checkbox"
              name="includeProviderSecrets"
              checked={withSecrets}
              onChange={(e) => setWithSecrets(e.target.checked)}
              className="mt-0.5 size-4 rounded border-slate-300"
              aria-describedby={`${ids.secrets}-hint`}
            />
            <div>
              <label htmlFor={ids.secrets} className="text-sm font-medium">
                Include identity-provider client secrets
              </label>
              <p id={`${ids.secrets}-hint`} className="text-xs text-slate-500 dark:text-slate-400">
                Encrypted with the passphrase you type (scrypt, AES-256-GCM); the import asks for it. Client secrets are always exported as hashes only.
              </p>
            </div>
          </div>
          {withSecrets && (
            <div className="min-w-64">
              <label htmlFor={ids.passphrase} className="block text-sm font-medium">
                Passphrase (at least {minPassphrase} characters)
              </label>
              <input
                id={ids.passphrase}
                name="passphrase"
                type="password"
                autoComplete="new-password"
                required
                minLength={minPassphrase}
                maxLength={1000}
                className={inputClass}
              />
            </div>
          )}
        </div>
      )}
      <button type="submit" className={buttonClass("secondary")}>
        Download export
      </button>
    </form>
  );
}
