// A real OpenID provider (panva's oidc-provider) as the portal's upstream identity provider in the
// e2e tests. Started by playwright.config.ts on E2E_IDP_PORT (default E2E_PORT + 100). Its login
// page accepts any login name with any password; the account (sub) is the login and its email is
// <login>@example.test, verified (email_verified: true), so the login "e2e-admin" is the e2e admin and
// any other login is a person without an admin account. A login "<tag>+<name>" is another account
// with the email <name>@example.test; the tag "unverified" sends it without email_verified. A login
// ending in "#mfa" signs in its account as if with a password and a one-time code (amr pwd + otp).
import Provider from "oidc-provider";

const port = Number(process.env.E2E_IDP_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 100);
const portal = `http://localhost:${process.env.E2E_PORT ?? 3100}`;

/** The provider names the e2e tests use; each needs its redirect URI registered here. */
const UPSTREAM_PROVIDER_NAMES = [
  "upstream-passive",
  "upstream-active",
  "upstream-form",
  "upstream-login",
  "upstream-off",
  "upstream-end-users",
  "upstream-end-users-admin",
];

const provider = new Provider(`http://localhost:${port}`, {
  clients: [
    {
      client_id: "portal-e2e",
      client_secret: "upstream-e2e-client-secret",
      redirect_uris: UPSTREAM_PROVIDER_NAMES.map((name) => `${portal}/signin-${name}`),
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        const [tag, name] = id.includes("+") ? id.split("+", 2) : [null, id];
        const verified = tag === "unverified" ? {} : { email_verified: true };
        return { sub: id, email: `${name}@example.test`, ...verified, preferred_username: id, name: id };
      },
    };
  },
  // amr (from the login, see "#mfa" below) goes in ID tokens with openid.
  claims: { openid: ["sub", "amr"], email: ["email", "email_verified"], profile: ["name", "preferred_username"] },
  features: { devInteractions: { enabled: true } },
  // The authorization endpoint also takes POST (the portal's authentication_method form_post), which
  // oidc-provider allows only with SameSite=None (hence Secure) session cookies. Browsers keep Secure
  // cookies from http://localhost, and the middleware below lets Koa set them over plain http.
  enableHttpPostMethods: true,
  cookies: { keys: ["upstream-e2e-cookie-key"], long: { sameSite: "none", secure: true }, short: { sameSite: "lax" } },
  pkce: { required: () => true },
});
provider.proxy = false;
// The dev login page knows passwords only: "<login>#mfa" stands for a sign-in with a second factor.
const interactionFinished = provider.interactionFinished.bind(provider);
provider.interactionFinished = (req, res, result, options) => {
  const accountId = result?.login?.accountId;
  if (typeof accountId === "string" && accountId.endsWith("#mfa")) {
    result = { ...result, login: { ...result.login, accountId: accountId.slice(0, -"#mfa".length), amr: ["pwd", "otp"] } };
  }
  return interactionFinished(req, res, result, options);
};
// Koa refuses to set Secure cookies over http; every context (oidc-provider makes its own for its
// cookies) is told the connection is fine.
const createContext = provider.createContext.bind(provider);
provider.createContext = (req, res) => {
  const ctx = createContext(req, res);
  ctx.cookies.secure = true;
  return ctx;
};

provider.on("server_error", (_ctx, error) => console.error("upstream server_error:", error));
provider.listen(port, () => console.log(`upstream OpenID provider on http://localhost:${port}`));
