import "server-only";
import { can, refusalMessage, type Permission } from "@/lib/auth/permissions";
import { currentAdmin, type CurrentAdmin } from "@/lib/auth/session";
import { actorOf } from "@/lib/audit/audit";
import { originOf } from "@/lib/audit/origin";
import { runService, type ServiceContext } from "./context";
import { declare } from "./registry";

function plain(status: number, message: string) {
  return new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

/** A cross-site form post is refused; the session cookie is SameSite=Lax too, this is a second fence. */
function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true;
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  return URL.canParse(origin) && new URL(origin).host === host;
}

export type AdminRouteContext = {
  admin: CurrentAdmin;
  /** Runs a service function in one transaction, audited with the admin as the actor and in their reach. */
  run: <R>(service: (ctx: ServiceContext) => Promise<R>) => Promise<R>;
  /** A plain-text answer (a refusal the browser shows as it is). */
  plain: typeof plain;
};

/**
 * The one way to write a portal route handler (a download): same origin for a POST → session →
 * permission (lib/auth/permissions.ts) → handler; the handler parses its input with zod and writes
 * its audit through `run`. Refusals are plain text: the browser shows them as they are.
 */
export function adminRoute(permission: Permission, handler: (request: Request, ctx: AdminRouteContext) => Promise<Response>) {
  const route = async (request: Request): Promise<Response> => {
    if (request.method !== "GET" && !sameOrigin(request)) return plain(403, "Cross-site requests are refused.");
    const admin = await currentAdmin();
    if (!admin) return plain(401, "Your session has ended. Sign in again.");
    if (!can(admin, permission)) return plain(403, refusalMessage(admin, permission));
    return handler(request, { admin, plain, run: (service) => runService(actorOf(admin, originOf(request.headers)), admin.reach, service) });
  };
  return declare(route, { kind: "route", permission });
}
