import { expect, type Page } from "@playwright/test";
import { baseURL, UPSTREAM_IDP_URL } from "../playwright.config";

// The e2e suite's upstream OpenID provider (e2e/upstream-idp.mjs) as the identity provider end users
// sign in through: its provider entry for the portal, and its login page.

/** A provider at the upstream, in the Content Hub shape (Passive unless said); its name must be registered in upstream-idp.mjs. */
export function upstreamProvider(
  providerName: string,
  { enabled, signIn, mode = "Passive" }: { enabled: boolean; signIn: string; mode?: "Active" | "Passive" },
) {
  return {
    provider_name: providerName,
    authentication_mode: mode,
    client_id: "portal-e2e",
    client_secret: "upstream-e2e-client-secret",
    authority: UPSTREAM_IDP_URL,
    authentication_method: "redirect_get",
    response_mode: "query",
    response_type: "code",
    get_claims_from_user_info_endpoint: true, // the upstream keeps email out of its ID tokens
    scope: ["openid", "email", "profile"],
    is_enabled: enabled,
    messages: { signIn },
  };
}

/**
 * Signs in at the upstream's login page, consents there the first time, and waits to be back: at the
 * portal, or where `backAt` says (an app's redirect URI, when the portal sends the person straight on).
 */
export async function upstreamLogin(page: Page, login: string, backAt: (url: URL) => boolean = (url) => url.origin === baseURL) {
  await expect(page).toHaveURL(new RegExp(`^${UPSTREAM_IDP_URL}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.waitForURL((url) => backAt(url) || url.pathname.includes("/interaction/"));
  const consent = page.getByRole("button", { name: "Continue" });
  if (!backAt(new URL(page.url())) && (await consent.isVisible())) await consent.click();
  await page.waitForURL(backAt);
}
