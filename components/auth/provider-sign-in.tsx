import { buttonClass } from "@/components/ui/button";
import type { ProviderSettings } from "@/lib/providers/schema";
import { providerTexts, type ProviderMessages } from "@/lib/providers/sign-in/messages";

/** The enabled identity providers' sign-in buttons, each with its heading and description when set. */
export function ProviderSignIn({ providers, callbackUrl }: { providers: ProviderSettings[]; callbackUrl: string }) {
  if (providers.length === 0) return null;
  return (
    <ul aria-label="Identity providers" className="space-y-4">
      {providers.map((provider) => {
        const href = `/sign-in/${encodeURIComponent(provider.providerName)}?callbackUrl=${encodeURIComponent(callbackUrl)}`;
        return (
          <li key={provider.providerName} className="space-y-2">
            <ProviderEntry providerName={provider.providerName} messages={provider.messages} href={href} />
          </li>
        );
      })}
    </ul>
  );
}

/**
 * One provider's heading, description and button, as the sign-in page shows them. Without `href`
 * (the provider form's preview) the button is only a picture of it.
 */
export function ProviderEntry({ providerName, messages, href }: { providerName: string; messages: ProviderMessages; href?: string }) {
  const texts = providerTexts(providerName, messages);
  // In the form's preview the title is no heading of the form's page.
  const Title = href ? "h2" : "p";
  return (
    <>
      {texts.title && <Title className="text-sm font-semibold">{texts.title}</Title>}
      {texts.description && <p className="text-sm text-slate-600 dark:text-slate-400">{texts.description}</p>}
      {/* A plain link, not a form: the provider's redirect must not count as a form submission (CSP form-action). */}
      {href ? (
        <a href={href} className={buttonClass("secondary", "w-full")}>
          {texts.button}
        </a>
      ) : (
        <span data-testid="sign-in-button-preview" className={buttonClass("secondary", "w-full cursor-default")}>
          {texts.button}
        </span>
      )}
    </>
  );
}

/** Why a sign-in through a provider ended here, and what to do. */
export function SignInRefusalNotice({ providerName, message, accountUrl }: { providerName: string | null; message: string; accountUrl: string | null }) {
  return (
    <div
      role="alert"
      className="mb-6 rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
    >
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
