"use client";

import { Link } from "@/components/ui/link";
import { TOKEN_AUDIT_INTERVAL_TEXT } from "@/lib/audit/token-summary";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { confirmSecretStored, dismissWalkthrough } from "@/lib/onboarding/actions";
import type { Step } from "@/lib/onboarding/walkthrough";

export type WalkthroughView = {
  steps: Step[];
  complete: boolean;
  client: { id: string; clientId: string } | null;
};

const HELP: Record<Step["key"], (client: WalkthroughView["client"]) => { text: string; href: string; label: string }> = {
  context: () => ({
    text: "A profile context narrows a profile to a scope of responsibility (an Id of -2 or lower, a category and a D0).",
    href: "/profiles",
    label: "Go to profiles",
  }),
  client: () => ({
    text: "Choose the flow ClientCredentials, a profile and your context. The portal generates its first secret.",
    href: "/clients/new",
    label: "New client",
  }),
  secret: (c) => ({
    text: "The secret is shown once: copy it into your secret manager, then paste it below from there to check it was stored.",
    href: c ? `/clients/${c.id}` : "/clients",
    label: "Open the client",
  }),
  token: (c) => ({
    text: "The client page shows the curl command for its token call: set CLIENT_SECRET and run it.",
    href: c ? `/clients/${c.id}#token-curl-heading` : "/clients",
    label: "Show the curl command",
  }),
  audit: (c) => ({
    text: `Token calls are recorded in the audit log as token.issued: a client's first at once, then a count per secret every ${TOKEN_AUDIT_INTERVAL_TEXT}.`,
    href: c ? `/audit?target=${encodeURIComponent(c.id)}` : "/audit",
    label: "Open the audit log",
  }),
};

/** How often the card reads the steps again while it waits for a token call made outside the portal. */
const TOKEN_POLL_MS = 2000;

/** The getting-started walkthrough: each step turns done only when it really happened. */
export function WalkthroughCard({ view }: { view: WalkthroughView }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const next = view.steps.find((s) => !s.done);
  // The token call happens in a terminal: while that step is next, look again every 2 s (only while
  // the page is visible), so it turns done without a reload.
  const waitingForToken = next?.key === "token";
  useEffect(() => {
    if (!waitingForToken) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, TOKEN_POLL_MS);
    return () => clearInterval(timer);
  }, [waitingForToken, router]);
  const doneCount = view.steps.filter((s) => s.done).length;
  const dismiss = () =>
    startTransition(async () => {
      await dismissWalkthrough({ dismissed: true });
      router.refresh();
    });
  return (
    <section
      aria-labelledby="walkthrough-heading"
      data-testid="walkthrough"
      className="rounded-xl border border-indigo-200 bg-indigo-50/60 p-5 dark:border-indigo-900 dark:bg-indigo-950/40"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="walkthrough-heading" className="text-lg font-semibold">
            {view.complete ? "You are set up" : "Get started: your first client, end to end"}
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {doneCount} of {view.steps.length} done{view.client ? ` · following ${view.client.clientId}` : ""}. Come back any time: progress is kept.
          </p>
        </div>
        <Button variant="ghost" onClick={dismiss} pending={pending}>
          {view.complete ? "Close" : "Dismiss"}
        </Button>
      </div>
      <ol className="mt-4 space-y-3">
        {view.steps.map((step, i) => {
          const help = HELP[step.key](view.client);
          const current = step === next;
          return (
            <li key={step.key} data-testid={`walkthrough-step-${step.key}`} data-done={step.done} className="flex gap-3">
              <span
                aria-hidden
                className={`mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${
                  step.done
                    ? "bg-emerald-600 text-white"
                    : current
                      ? "bg-indigo-600 text-white"
                      : "bg-slate-200 text-slate-600 dark:bg-slate-800 dark:text-slate-300"
                }`}
              >
                {step.done ? "✓" : i + 1}
              </span>
              <div className="min-w-0">
                <p className={`text-sm font-medium ${step.done ? "text-slate-700 line-through dark:text-slate-300" : ""}`}>
                  {step.title}
                  <span className="sr-only">{step.done ? " (done)" : " (to do)"}</span>
                </p>
                {current && (
                  <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">
                    {help.text}{" "}
                    <Link href={help.href} className="font-medium text-indigo-700 underline dark:text-indigo-300">
                      {help.label}
                    </Link>
                  </p>
                )}
                {current && step.key === "secret" && view.client && <StoredSecretCheck client={view.client} />}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** Brings a dismissed walkthrough back. */
export function ResumeWalkthrough() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="ghost"
      pending={pending}
      onClick={() =>
        startTransition(async () => {
          await dismissWalkthrough({ dismissed: false });
          router.refresh();
        })
      }
    >
      Show the getting-started guide
    </Button>
  );
}

/** Step 3's proof: the secret pasted back from where it was stored must match an active secret of the client. */
function StoredSecretCheck({ client }: { client: { id: string; clientId: string } }) {
  const router = useRouter();
  const [secret, setSecret] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const id = useId();
  const check = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      const result = await confirmSecretStored({ clientInternalId: client.id, secret });
      if (!result.ok) return setMessage(result.fieldErrors?.secret?.[0] ?? result.message);
      if (!result.data.verified) return setMessage(`This is not an active secret of ${client.clientId}. Paste it from where you stored it.`);
      setSecret("");
      setMessage(null);
      router.refresh();
    });
  };
  return (
    <form onSubmit={check} className="mt-2 flex max-w-lg flex-wrap items-end gap-2" aria-label="Check the stored secret">
      <div className="min-w-56 flex-1">
        <label htmlFor={id} className="block text-xs font-medium">
          The secret, pasted from your secret manager
        </label>
        <input
          id={id}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          aria-describedby={message ? `${id}-message` : undefined}
          aria-invalid={message ? true : undefined}
          className={inputClass}
        />
      </div>
      <Button type="submit" variant="secondary" pending={pending} disabled={!secret.trim()}>
        Check
      </Button>
      <p id={`${id}-message`} role="alert" className="w-full text-sm text-red-700 empty:hidden dark:text-red-300">
        {message}
      </p>
    </form>
  );
}
