import { buttonClass } from "@/components/ui/button";
import type { ProviderSettings } from "@/lib/providers/schema";
import { providerTexts } from "@/lib/providers/sign-in/messages";

/** The enabled identity providers' sign-in buttons, each with its heading and description when set. */
export function ProviderSignIn({ providers, callbackUrl }: { providers: ProviderSettings[]; callbackUrl: string }) {
  if (providers.length === 0) return null;
  return (
    <ul aria-label="Identity providers" className="space-y-4">
      {providers.map((provider) => {
        const texts = providerTexts(provider.providerName, provider.messages);
        const href = `/sign-in/${encodeURIComponent(provider.providerName)}?callbackUrl=${encodeURIComponent(callbackUrl)}`;
        return (
          <li key={provider.providerName} className="space-y-2">
            {texts.title && <h2 className="text-sm font-semibold">{texts.title}</h2>}
            {texts.description && <p className="text-sm text-slate-600 dark:text-slate-400">{texts.description}</p>}
            {/* A plain link, not a form: the provider's redirect must not count as a form submission (CSP form-action). */}
            <a href={href} className={buttonClass("secondary", "w-full")}>
              {texts.button}
            </a>
          </li>
        );
      })}
    </ul>
  );
}

/** Why a sign-in through a provider ended here, and what to do. */
export function SignInRefusalNotice({ providerName, message, accountUrl }: { providerName: string | null; message: string; accountUrl: string | null }) {
  return (
    <div role="alert" className="mb-6 rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
      <p className="font-medium">{providerName ? `Signing in with ${providerName} did not work.` : "Signing in did not work."}</p>
      <p className="mt-1">{message}</p>
      {accountUrl && (
        <p className="mt-2">
          <a href={accountUrl} className="font-medium underline">
            Request an account
          </a>
        </p>
      )}
    </div>
  );
}
