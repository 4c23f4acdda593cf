// What the code exposes: every server action (lib/**/actions.ts) and every route handler
// (app/**/route.ts), found by globbing the code, not from a hand list. The authorization matrix
// (lib/auth/authorization-matrix.test.ts) and the escalation test (lib/auth/escalation.test.ts) both
// walk this list, so a new action or route needs a row in each.
import { declaredOf } from "@/lib/actions/registry";

/** Route files that are public on purpose (no admin session, no API token), with the reason. */
export const PUBLIC_ROUTES: Record<string, string> = {
  "app/api/auth/[...nextauth]/route.ts": "Auth.js's own endpoints (sign-in, session)",
  "app/api/v0/openapi.json/route.ts": "the API's description holds no data",
  "app/sign-in/[provider]/route.ts": "starts an identity-provider sign-in",
  "app/sign-in/[provider]/callback/route.ts": "an identity provider's answer to a sign-in",
  "app/healthz/route.ts": "liveness probe for load balancers, holds no data",
  "app/readyz/route.ts": "readiness probe (database reachable), holds no data",
  "app/(portal)/providers/example.json/route.ts": "a fixed example document (the proxy still asks for a session)",
  "app/(portal)/configuration/example.xml/route.ts": "a fixed example document (the proxy still asks for a session)",
};
// Public OAuth endpoints (/oauth/*, /.well-known/*) are plain Node handlers or public routes by design.
const PUBLIC_PREFIXES = ["app/oauth/", "app/.well-known/"];

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

const actionModules = import.meta.glob(["/lib/**/actions.ts", "!/lib/generated/**"]);
const routeModules = import.meta.glob("/app/**/route.ts");

/** "<file>#<export>" for a server action, "<file>#<HTTP method>" for a route. */
export type Entry = { key: string; kind: "action" | "route"; fn: unknown; method?: string };

/** Every action and protected route, and those not built by a wrapper (each with what to do). */
export async function exposedEntries(): Promise<{ entries: Entry[]; unwrapped: string[] }> {
  const entries: Entry[] = [];
  const unwrapped: string[] = [];
  for (const [path, load] of Object.entries(actionModules)) {
    const file = path.slice(1);
    const mod = (await load()) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value !== "function") continue; // schemas and types are not actions
      if (!declaredOf(value))
        unwrapped.push(
          `${file}#${name}: build it with adminAction(permission, schema, body) (lib/actions/admin-action.ts), or publicAction(credential, body) when anyone may call it (lib/actions/public-action.ts)`,
        );
      entries.push({ key: `${file}#${name}`, kind: "action", fn: value });
    }
  }
  for (const [path, load] of Object.entries(routeModules)) {
    const file = path.slice(1);
    if (file in PUBLIC_ROUTES || PUBLIC_PREFIXES.some((p) => file.startsWith(p))) continue;
    const mod = (await load()) as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      if (typeof mod[method] !== "function") continue;
      if (!declaredOf(mod[method])) {
        unwrapped.push(
          `${file}#${method}: build it with apiOperation({ permission }, handler) (lib/api/http.ts) or adminRoute(permission, handler) (lib/actions/admin-route.ts), or list the file in PUBLIC_ROUTES with the reason`,
        );
      }
      entries.push({ key: `${file}#${method}`, kind: "route", fn: mod[method], method });
    }
  }
  return { entries, unwrapped };
}
