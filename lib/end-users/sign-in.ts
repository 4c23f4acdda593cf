import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import { createElement } from "react";
import { ChooseProviderPage, ConsentPage, ErrorPage, type ConsentScope } from "@/components/end-users/pages";
import { prisma } from "@/lib/db/prisma";
import { logEvent, errorFields } from "@/lib/log";
import { beginSignIn, describeError, signInProviders, SignInRefusal, verifyProviderAnswer } from "@/lib/providers/sign-in/flow";
import { formPostPage } from "@/lib/providers/sign-in/form-post";
import { identityFromClaims } from "@/lib/providers/sign-in/request";
import { END_USER_SIGN_IN_STATE_COOKIE, SIGN_IN_STATE_COOKIE, stateCookieOptions } from "@/lib/providers/sign-in/state";
import { endUserFor } from "./accounts";
import type { Engine } from "./engine/provider";
import { END_USER_REFUSALS, isEndUserRefusal } from "./messages";
import { chrome, formTargets, htmlPage, type HtmlResponse } from "./render";

// How an end user signs in to one of the portal's clients (docs/decisions/020). The engine sends the
// browser to /interaction/{uid}; there the one Active identity provider is used at once, or the
// Passive ones are offered as buttons (Content Hub's open_id_connect semantics, as for admins). The
// provider answers at {PORTAL_URL}/signin-{provider_name} — the redirect URI each provider already
// allows — where the answer is verified exactly as an admin's (lib/providers/sign-in/flow.ts), the
// person becomes an EndUser, and the interaction continues to consent and back to the client.

type Response = HtmlResponse | { status: 302 | 303; headers: Record<string, string>; body: "" };

const redirect = (location: string, cookies: string[] = []): Response => ({
  status: 303,
  headers: { Location: location, "Cache-Control": "no-store", ...(cookies.length ? { "Set-Cookie": cookies.join("\n") } : {}) },
  body: "",
});

function send(res: ServerResponse, response: Response) {
  const { "Set-Cookie": setCookie, ...headers } = response.headers as Record<string, string>;
  if (setCookie) res.setHeader("Set-Cookie", setCookie.split("\n"));
  res.writeHead(response.status, { ...headers, "Content-Length": Buffer.byteLength(response.body) });
  res.end(response.body);
}

/** A cookie of the request, by name. */
export function requestCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at !== -1 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}

function setCookie(name: string, value: string, origin: string): string {
  const o = stateCookieOptions(origin);
  return `${name}=${encodeURIComponent(value)}; Path=${o.path}; Max-Age=${o.maxAge}; HttpOnly; SameSite=${o.sameSite === "none" ? "None" : "Lax"}${o.secure ? "; Secure" : ""}`;
}
const clearCookie = (name: string) => `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`;

/** Reads a small urlencoded form body (the consent and cancel buttons send at most a field). */
async function readForm(req: IncomingMessage, max = 4096): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > max) return new URLSearchParams();
  }
  return new URLSearchParams(body);
}

function errorResponse(heading: string, message: string, status = 400): HtmlResponse {
  return htmlPage(createElement(ErrorPage, { chrome: chrome(heading), heading, message, detail: null }), { status });
}

const EXPIRED = () =>
  errorResponse(
    "This sign-in has expired",
    "It was started too long ago, finished already, or in another browser. Go back to the application and sign in again.",
  );

type Details = Awaited<ReturnType<Provider["interactionDetails"]>>;

/** The scopes a consent page lists, in words (the portal's scope records: display name and description). */
async function consentScopes(names: string[]): Promise<ConsentScope[]> {
  const rows = await prisma.scope.findMany({ where: { name: { in: names } }, select: { name: true, displayName: true, description: true } });
  const byName = new Map(rows.map((row) => [row.name, row]));
  return names.map((name) =>
    name === "offline_access"
      ? { name, label: "Stay signed in", description: "Keep access while you are away, until you revoke it." }
      : { name, label: byName.get(name)?.displayName ?? name, description: byName.get(name)?.description ?? "" },
  );
}

/** The handlers of /interaction/* and of the providers' answers for end users. */
export function createEndUserSignIn(engine: Engine, issuer: string) {
  async function details(req: IncomingMessage, res: ServerResponse): Promise<{ provider: Provider; details: Details } | null> {
    const provider = await engine();
    try {
      return { provider, details: await provider.interactionDetails(req, res) };
    } catch {
      return null; // no interaction cookie, expired, or a session that changed under it
    }
  }

  async function clientOf(provider: Provider, details: Details) {
    const client = await provider.Client.find(String(details.params.client_id));
    return { name: client?.clientName ?? String(details.params.client_id), redirectUris: client?.redirectUris ?? [] };
  }

  /** Starts the sign-in through `providerName`: its state cookie, then the provider's authorization request. */
  async function start(uid: string, providerName: string): Promise<Response> {
    const begun = await beginSignIn(providerName, { origin: issuer, callbackPath: `/interaction/${uid}`, interaction: uid });
    // One sign-in through a provider at a time per browser: an admin's under way is dropped.
    const cookies = [setCookie(END_USER_SIGN_IN_STATE_COOKIE, begun.cookie, issuer), clearCookie(SIGN_IN_STATE_COOKIE)];
    if (begun.authorization.method === "GET")
      return { status: 302, headers: { Location: begun.authorization.url, "Cache-Control": "no-store", "Set-Cookie": cookies.join("\n") }, body: "" };
    const page = formPostPage(begun.authorization.action, begun.authorization.fields);
    return {
      status: 200,
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": "no-store",
        "Content-Security-Policy": page.contentSecurityPolicy,
        "Set-Cookie": cookies.join("\n"),
      },
      body: page.html,
    };
  }

  /** The sign-in page of an interaction: straight to the Active provider, else the Passive ones as buttons. */
  async function choose(uid: string, provider: Provider, details: Details, refusal: { providerName: string; message: string } | null): Promise<Response> {
    const providers = await signInProviders();
    const active = providers.find((p) => p.authenticationMode === "Active");
    if (active && !refusal) return start(uid, active.providerName);
    const client = await clientOf(provider, details);
    return htmlPage(
      createElement(ChooseProviderPage, {
        chrome: chrome(`Sign in to ${client.name}`),
        clientName: client.name,
        providers: providers.map((p) => ({
          providerName: p.providerName,
          messages: p.messages,
          href: `/interaction/${uid}/provider/${encodeURIComponent(p.providerName)}`,
        })),
        refusal,
        cancel: `/interaction/${uid}/abort`,
      }),
      { forms: formTargets(client.redirectUris) },
    );
  }

  async function consent(uid: string, provider: Provider, details: Details): Promise<Response> {
    const client = await clientOf(provider, details);
    const missing = [...((details.prompt.details.missingOIDCScope as string[] | undefined) ?? [])].filter((s) => s !== "openid");
    const scopes = await consentScopes(missing.length ? missing : ["openid"]);
    const account = await prisma.endUser.findUnique({ where: { id: String(details.session?.accountId) }, select: { email: true, name: true, username: true } });
    return htmlPage(
      createElement(ConsentPage, {
        chrome: chrome(`${client.name} asks for access`),
        clientName: client.name,
        account: account?.email ?? account?.username ?? account?.name ?? null,
        scopes,
        allow: `/interaction/${uid}/consent`,
        deny: `/interaction/${uid}/abort`,
      }),
      { forms: formTargets(client.redirectUris) },
    );
  }

  /** GET /interaction/{uid}[?refused=reason&provider=name] */
  async function show(req: IncomingMessage, res: ServerResponse, uid: string, query: URLSearchParams) {
    const found = await details(req, res);
    if (!found || found.details.uid !== uid) return send(res, EXPIRED());
    const { provider, details: d } = found;
    if (d.prompt.name === "login") {
      const reason = query.get("refused");
      const refusal = isEndUserRefusal(reason)
        ? { providerName: (query.get("provider") ?? "the identity provider").slice(0, 100), message: END_USER_REFUSALS[reason] }
        : null;
      return send(res, await choose(uid, provider, d, refusal));
    }
    if (d.prompt.name === "consent") return send(res, await consent(uid, provider, d));
    return send(res, errorResponse("The sign-in could not continue", `The portal cannot complete the step “${d.prompt.name}”.`));
  }

  /** GET /interaction/{uid}/provider/{name}: a Passive provider's button. */
  async function startWith(req: IncomingMessage, res: ServerResponse, uid: string, providerName: string) {
    const found = await details(req, res);
    if (!found || found.details.uid !== uid || found.details.prompt.name !== "login") return send(res, EXPIRED());
    try {
      return send(res, await start(uid, providerName));
    } catch (error) {
      return send(res, refusalRedirect(uid, providerName, error));
    }
  }

  /** POST /interaction/{uid}/consent: the scopes asked for are granted, remembered per person and client. */
  async function allow(req: IncomingMessage, res: ServerResponse, uid: string) {
    const form = await readForm(req);
    const found = await details(req, res);
    if (!found || found.details.uid !== uid || found.details.prompt.name !== "consent" || form.get("allow") !== "yes") return send(res, EXPIRED());
    const { provider, details: d } = found;
    const grant = d.grantId
      ? await provider.Grant.find(d.grantId)
      : new provider.Grant({ accountId: String(d.session?.accountId), clientId: String(d.params.client_id) });
    if (!grant) return send(res, EXPIRED());
    const missingScope = d.prompt.details.missingOIDCScope as string[] | undefined;
    const missingClaims = d.prompt.details.missingOIDCClaims as string[] | undefined;
    if (missingScope) grant.addOIDCScope(missingScope.join(" "));
    if (missingClaims) grant.addOIDCClaims(missingClaims);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  /** POST /interaction/{uid}/abort: the person cancelled; the client hears access_denied. */
  async function abort(req: IncomingMessage, res: ServerResponse, uid: string) {
    await readForm(req);
    const found = await details(req, res);
    if (!found || found.details.uid !== uid) return send(res, EXPIRED());
    await found.provider.interactionFinished(
      req,
      res,
      { error: "access_denied", error_description: "The person cancelled the sign-in." },
      { mergeWithLastSubmission: false },
    );
  }

  /** Back to the interaction's sign-in page, which says what went wrong and offers the providers. */
  function refusalRedirect(uid: string, providerName: string, error: unknown): Response {
    const refusal = error instanceof SignInRefusal ? error : new SignInRefusal("provider_error", `unexpected: ${describeError(error)}`);
    if (!(error instanceof SignInRefusal)) logEvent("error", "end-user sign-in failed", { provider: providerName, ...errorFields(error) });
    else logEvent("info", "end-user sign-in refused", { provider: providerName, reason: refusal.reason, detail: refusal.detail });
    const reason = isEndUserRefusal(refusal.reason) ? refusal.reason : "provider_error";
    return redirect(`/interaction/${uid}?refused=${reason}&provider=${encodeURIComponent(providerName)}`, [clearCookie(END_USER_SIGN_IN_STATE_COOKIE)]);
  }

  /**
   * {PORTAL_URL}/signin-{provider_name} when this browser's provider sign-in is an end user's (its
   * state cookie is there). The answer is verified, the person becomes an EndUser, and the
   * interaction named in the state continues — at the engine, which asks for consent if needed.
   */
  async function callback(req: IncomingMessage, res: ServerResponse, providerName: string) {
    const cookie = requestCookie(req, END_USER_SIGN_IN_STATE_COOKIE);
    const url = new URL(req.url ?? "/", issuer);
    const params =
      req.method === "POST"
        ? String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")
          ? await readForm(req, 64 * 1024)
          : new URLSearchParams()
        : url.searchParams;
    let uid: string | null = null;
    try {
      const answer = await verifyProviderAnswer(providerName, params, cookie, "end-user");
      uid = answer.saved.interaction;
      const { idToken, claims, provider: upstream } = answer;
      const { email, username, emailVerified } = identityFromClaims(upstream.settings, claims);
      const user = await endUserFor({
        issuer: idToken.iss,
        subject: idToken.sub,
        providerName,
        email,
        emailVerified: emailVerified === true || (emailVerified === null && upstream.settings.assumeEmailVerified),
        name: typeof claims.name === "string" ? claims.name.slice(0, 200) : null,
        username,
      });
      const engineProvider = await engine();
      const interaction = uid ? await engineProvider.Interaction.find(uid) : undefined;
      if (!interaction) return send(res, { ...EXPIRED(), headers: { ...EXPIRED().headers, "Set-Cookie": clearCookie(END_USER_SIGN_IN_STATE_COOKIE) } });
      // amr from the upstream ID token (signed and checked), passed on as the provider said it.
      const amr = Array.isArray(idToken.amr) ? idToken.amr.filter((v): v is string => typeof v === "string") : undefined;
      interaction.result = {
        login: {
          accountId: user.id,
          ...(amr?.length ? { amr } : {}),
          remember: true,
        },
      };
      await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
      return send(res, redirect(interaction.returnTo, [clearCookie(END_USER_SIGN_IN_STATE_COOKIE)]));
    } catch (error) {
      if (!uid) {
        // Without a live state there is no interaction to go back to.
        if (!(error instanceof SignInRefusal)) logEvent("error", "end-user sign-in failed", { provider: providerName, ...errorFields(error) });
        return send(res, { ...EXPIRED(), headers: { ...EXPIRED().headers, "Set-Cookie": clearCookie(END_USER_SIGN_IN_STATE_COOKIE) } });
      }
      return send(res, refusalRedirect(uid, providerName, error));
    }
  }

  const INTERACTION = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(provider\/[^/?]{1,100}|consent|abort))?$/;
  const CALLBACK = /^\/signin-([^/?]{1,100})$/;

  return {
    /**
     * Answers /interaction/* and, for a browser with an end user's sign-in under way, /signin-*.
     * False for anything else (an admin's sign-in callback goes on to Next.js).
     */
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      const url = new URL(req.url ?? "/", issuer);
      const callbackMatch = CALLBACK.exec(url.pathname);
      if (callbackMatch) {
        if (!requestCookie(req, END_USER_SIGN_IN_STATE_COOKIE) || (req.method !== "GET" && req.method !== "POST")) return false;
        run(res, () => callback(req, res, decodeURIComponent(callbackMatch[1]!)));
        return true;
      }
      const match = INTERACTION.exec(url.pathname);
      if (!match) {
        if (!url.pathname.startsWith("/interaction/")) return false;
        req.resume();
        send(res, errorResponse("Page not found", "There is no such sign-in page.", 404));
        return true;
      }
      const [, uid, action] = match as unknown as [string, string, string | undefined];
      const method = req.method ?? "GET";
      if (!action && method === "GET") run(res, () => show(req, res, uid, url.searchParams));
      else if (action?.startsWith("provider/") && method === "GET")
        run(res, () => startWith(req, res, uid, decodeURIComponent(action.slice("provider/".length))));
      else if (action === "consent" && method === "POST") run(res, () => allow(req, res, uid));
      else if (action === "abort" && method === "POST") run(res, () => abort(req, res, uid));
      else {
        req.resume();
        const refused = errorResponse("Method not allowed", "This sign-in page does not answer that request.", 405);
        send(res, { ...refused, headers: { ...refused.headers, Allow: action === "consent" || action === "abort" ? "POST" : "GET" } });
      }
      return true;
    },
  };
}

function run(res: ServerResponse, handler: () => Promise<void>) {
  handler().catch((error: unknown) => {
    logEvent("error", "end-user sign-in page failed", errorFields(error));
    if (!res.headersSent) send(res, errorResponse("Something went wrong", "The portal could not continue the sign-in. Try again in a moment.", 500));
    else res.end();
  });
}
