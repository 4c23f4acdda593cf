import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";
import { ProviderEntry } from "@/components/auth/provider-sign-in";
import type { ProviderMessages } from "@/lib/providers/sign-in/messages";

// The pages end users see while signing in to one of the portal's clients (lib/end-users): rendered
// to static HTML by the protocol server (lib/end-users/render.ts), no JavaScript at all, the portal's
// look from a stylesheet of their own (scripts/lib/setup.mjs compiles it with Tailwind).

export type PageChrome = { title: string; stylesheet: string | null };

/** The frame of every end-user page: the portal's icon, a heading, one card. */
export function EndUserPage({ chrome, heading, lead, children }: { chrome: PageChrome; heading: string; lead?: ReactNode; children: ReactNode }) {
  return (
    <html lang="en">
      {/* A static page of the protocol server, not a Next.js page: next/head does not apply. */}
      {/* eslint-disable-next-line @next/next/no-head-element */}
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{chrome.title}</title>
        {chrome.stylesheet && <link rel="stylesheet" href={chrome.stylesheet} />}
        <link rel="icon" href="/icon.svg" type="image/svg+xml" />
      </head>
      <body className="bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <main className="flex min-h-screen items-center justify-center px-4 py-12">
          <div className="w-full max-w-sm">
            <div className="mb-8 flex flex-col items-center gap-3 text-center">
              <img src="/icon.svg" alt="" width={48} height={48} />
              <h1 className="text-2xl font-semibold tracking-tight text-balance">{heading}</h1>
              {lead && <p className="text-sm text-slate-600 dark:text-slate-400">{lead}</p>}
            </div>
            <div className="space-y-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">{children}</div>
          </div>
        </main>
      </body>
    </html>
  );
}

function Notice({ tone, title, children }: { tone: "error" | "info"; title: string; children?: ReactNode }) {
  const colours =
    tone === "error"
      ? "border-red-200 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
      : "border-slate-200 bg-slate-50 text-slate-700 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-200";
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-md border p-4 text-sm ${colours}`}>
      <p className="font-medium">{title}</p>
      {children && <div className="mt-1">{children}</div>}
    </div>
  );
}

/** A form that POSTs to the interaction (the engine's cookie binds it to this browser). */
function PostButton({ action, label, variant, name }: { action: string; label: string; variant: "primary" | "secondary"; name?: string }) {
  return (
    <form method="post" action={action}>
      <button type="submit" name={name} value={name ? "yes" : undefined} className={buttonClass(variant, "w-full")}>
        {label}
      </button>
    </form>
  );
}

export type ProviderChoice = { providerName: string; messages: ProviderMessages; href: string };

/** How to sign in: the identity providers, each a link (a redirect, not a form, under CSP form-action). */
export function ChooseProviderPage({
  chrome,
  clientName,
  providers,
  refusal,
  cancel,
}: {
  chrome: PageChrome;
  clientName: string;
  providers: ProviderChoice[];
  refusal: { providerName: string; message: string } | null;
  cancel: string;
}) {
  return (
    <EndUserPage chrome={chrome} heading={`Sign in to ${clientName}`} lead="Choose how to sign in.">
      {refusal && (
        <Notice tone="error" title={`Signing in with ${refusal.providerName} did not work.`}>
          {refusal.message}
        </Notice>
      )}
      {providers.length === 0 ? (
        <Notice tone="info" title="No way to sign in is set up yet.">
          The team that runs {clientName} has not enabled an identity provider. Ask them, then try again.
        </Notice>
      ) : (
        <ul aria-label="Identity providers" className="space-y-4">
          {providers.map((p) => (
            <li key={p.providerName} className="space-y-2">
              <ProviderEntry providerName={p.providerName} messages={p.messages} href={p.href} />
            </li>
          ))}
        </ul>
      )}
      <PostButton action={cancel} label={`Cancel and return to ${clientName}`} variant="secondary" />
    </EndUserPage>
  );
}

export type ConsentScope = { name: string; label: string; description: string };

/** What the client asks for, once per person and client (remembered until revoked). */
export function ConsentPage({
  chrome,
  clientName,
  account,
  scopes,
  allow,
  deny,
}: {
  chrome: PageChrome;
  clientName: string;
  account: string | null;
  scopes: ConsentScope[];
  allow: string;
  deny: string;
}) {
  return (
    <EndUserPage chrome={chrome} heading={`${clientName} asks for access`} lead={account ? `Signed in as ${account}.` : undefined}>
      <div className="space-y-2">
        <h2 className="text-sm font-semibold">It will be able to:</h2>
        <ul className="space-y-2 text-sm">
          {scopes.map((scope) => (
            <li key={scope.name} className="rounded-md border border-slate-200 px-3 py-2 dark:border-slate-700">
              <span className="font-medium">{scope.label}</span>
              {scope.description && <span className="block text-slate-600 dark:text-slate-400">{scope.description}</span>}
              <code className="mt-1 block text-xs text-slate-500 dark:text-slate-400">{scope.name}</code>
            </li>
          ))}
        </ul>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <PostButton action={deny} label="Deny" variant="secondary" />
        <PostButton action={allow} label="Allow" variant="primary" name="allow" />
      </div>
    </EndUserPage>
  );
}

/** An error the client cannot be told about (no safe redirect), or one that ends the sign-in here. */
export function ErrorPage({ chrome, heading, message, detail }: { chrome: PageChrome; heading: string; message: string; detail: string | null }) {
  return (
    <EndUserPage chrome={chrome} heading={heading}>
      <Notice tone="error" title={message}>
        {detail && <code className="mt-2 block text-xs break-words">{detail}</code>}
      </Notice>
      <p className="text-sm text-slate-600 dark:text-slate-400">Go back to the application you came from and start again.</p>
    </EndUserPage>
  );
}

/** RP-initiated logout: confirm before signing out (OpenID Connect RP-Initiated Logout §2). */
export function LogoutPage({ chrome, clientName, form }: { chrome: PageChrome; clientName: string | null; form: string }) {
  return (
    <EndUserPage chrome={chrome} heading="Sign out?" lead={clientName ? `${clientName} asks to sign you out.` : "An application asks to sign you out."}>
      {/* The engine's own form (its action and the xsrf token), submitted by the buttons below. */}
      <div dangerouslySetInnerHTML={{ __html: form }} />
      <div className="grid gap-3 sm:grid-cols-2">
        <button type="submit" form="op.logoutForm" className={buttonClass("secondary", "w-full")}>
          Stay signed in
        </button>
        <button type="submit" form="op.logoutForm" name="logout" value="yes" className={buttonClass("primary", "w-full")}>
          Sign out
        </button>
      </div>
    </EndUserPage>
  );
}

export function SignedOutPage({ chrome, clientName }: { chrome: PageChrome; clientName: string | null }) {
  return (
    <EndUserPage chrome={chrome} heading="You are signed out">
      <Notice tone="info" title={clientName ? `You signed out of ${clientName}.` : "You signed out."}>
        You can close this page.
      </Notice>
    </EndUserPage>
  );
}
