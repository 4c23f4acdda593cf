import "server-only";
import { readCapped } from "@/lib/http/read-capped";
import { z } from "zod";
import { runService, type RunOptions, type ServiceContext } from "@/lib/actions/context";
import { declare } from "@/lib/actions/registry";
import { ActionError, ConflictError, ForbiddenError, NotFoundError, type FieldErrors } from "@/lib/actions/result";
import { can, refusalMessage, type Permission } from "@/lib/auth/permissions";
import { CLIENT_SETTING_KEYS, nameIn } from "@/lib/clients/model";
import { RETRY_AFTER_SECONDS } from "@/lib/db/availability";
import { availability } from "@/lib/db/prisma";
import { errorFields, logEvent, requestIdOf } from "@/lib/log";
import { unstorableText, unstorableTextIn } from "@/lib/validation/unstorable-text";
import { authenticate, type Caller } from "./auth";
import { ApiError, forbidden } from "./errors";

/** Every API answer: JSON, never cached (some carry a secret shown once). */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export function noContent(): Response {
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}

/**
 * The domain's field names (from the shared form schemas and the services) as the API spells them:
 * a client's from its one declaration (lib/clients/model.ts), form name → REST name. A name means the
 * same thing for every resource.
 */
const restNames: Record<string, string> = {
  clientId: "client_id",
  ...Object.fromEntries(CLIENT_SETTING_KEYS.map((k) => [nameIn("form", k), nameIn("rest", k)])),
};

export type FieldProblem = { path: string; message: string };

/** A zod path as the API names it: "redirect_uris.1" (list indexes kept, unlike the forms). */
export function apiPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (i === 0 && typeof p === "string" ? (restNames[p] ?? p) : String(p))).join(".");
}

export function problemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: apiPath(issue.path), message: issue.message }));
}

function problemsOfFields(fieldErrors: FieldErrors | undefined): FieldProblem[] {
  return Object.entries(fieldErrors ?? {}).flatMap(([key, messages]) => messages.map((message) => ({ path: apiPath(key.split(".")), message })));
}

export function invalidRequest(errors: FieldProblem[], message = "Some fields need attention.") {
  return new ApiError(400, "invalid_request", message, errors);
}

/** Parses with a zod schema; a failure is a 400 that lists every field error, not just the first. */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidRequest(problemsOf(parsed.error));
  return parsed.data;
}

/** No valid body comes near this (50 URIs × 2 lists, 200 scopes, 2000-character description). */
const MAX_BODY_BYTES = 256 * 1024;

/** The request body as a JSON object; `optional`: an empty body is `{}`. */
export async function jsonBody(request: Request, { optional = false } = {}): Promise<Record<string, unknown>> {
  const text = await readCapped(request, MAX_BODY_BYTES);
  if (text === null) throw new ApiError(413, "invalid_request", "The body is too large.");
  if (optional && text.trim() === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(400, "invalid_request", "The body must be a JSON object.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError(400, "invalid_request", "The body must be a JSON object.");
  }
  return body as Record<string, unknown>;
}

/**
 * The one error shape of the API: { error, message, errors? }. The database unreachable or too slow
 * is a 503 `temporarily_unavailable` with Retry-After (counted, not logged one by one:
 * lib/db/availability.ts); any other unexpected error a 500, logged with the request's id.
 */
export function errorResponse(error: unknown, requestId?: string): Response {
  if (error instanceof ApiError) {
    return json(error.status, { error: error.code, message: error.message, ...(error.errors ? { errors: error.errors } : {}) }, error.headers);
  }
  if (error instanceof ForbiddenError) return json(403, { error: "forbidden", message: error.message });
  if (error instanceof NotFoundError) return json(404, { error: "not_found", message: error.message });
  if (error instanceof ConflictError) {
    const errors = problemsOfFields(error.fieldErrors);
    return json(409, { error: "conflict", message: errors[0]?.message ?? error.message, ...(errors.length ? { errors } : {}) });
  }
  if (error instanceof ActionError) {
    const errors = problemsOfFields(error.fieldErrors);
    return json(400, { error: "invalid_request", message: error.message, ...(errors.length ? { errors } : {}) });
  }
  if (availability.refused(error, { requestId, where: "api" })) {
    return json(
      503,
      { error: "temporarily_unavailable", message: `The database is not answering; nothing was saved. Try again in ${RETRY_AFTER_SECONDS} seconds.` },
      { "Retry-After": String(RETRY_AFTER_SECONDS) },
    );
  }
  // Log without the request: a body may hold data that never belongs in a log.
  logEvent("error", "api request failed", { requestId, ...errorFields(error) });
  return json(500, { error: "server_error", message: "Something went wrong and nothing was saved. Try again." });
}

type RouteContext<P> = { params: Promise<P> };
export type RouteHandler<P> = (request: Request, context: RouteContext<P>) => Promise<Response>;

/** What an operation's handler receives: the authorized caller, the route's params, the parsed body. */
export type OperationContext<P, B> = {
  caller: Caller;
  params: P;
  body: B;
  url: URL;
  /** The request itself, for an operation whose body is not JSON (an XML import). */
  request: Request;
  /** Runs a service function in one transaction, audited with the caller as the actor and in its reach. */
  mutate: <R>(service: (ctx: ServiceContext) => Promise<R>, options?: RunOptions) => Promise<R>;
};

/**
 * The one way to write a REST API operation (the API's adminAction): caller (access token) →
 * permission (lib/auth/permissions.ts) → zod (the JSON body, when `body` is given) → handler → the
 * audit events its service writes through `mutate`. Every refusal becomes the API's error shape.
 * `status`: the answer's status when the handler returns a value (undefined → 204; a Response is
 * sent as it is, for a download). `optionalBody`: no body at all is the body `{}` (its defaults).
 */
export function apiOperation<P extends Record<string, string> = Record<string, never>, S extends z.ZodType | undefined = undefined>(
  spec: { permission: Permission; body?: S; optionalBody?: boolean; status?: number },
  handler: (ctx: OperationContext<P, S extends z.ZodType ? z.output<S> : undefined>) => Promise<unknown>,
): RouteHandler<P> {
  const route: RouteHandler<P> = async (request, context) => {
    try {
      const caller = await authenticate(request);
      if (!can(caller.principal, spec.permission)) throw forbidden(refusalMessage(caller.principal, spec.permission));
      const params = await context.params;
      const body = (spec.body ? parseOr400(spec.body, await jsonBody(request, { optional: spec.optionalBody })) : undefined) as S extends z.ZodType
        ? z.output<S>
        : undefined;
      const query = [...new URL(request.url).searchParams].flatMap(([k, v]) => {
        const message = unstorableText(k) ?? unstorableText(v);
        return message ? [{ path: [k], message }] : [];
      });
      const unstorable = [...unstorableTextIn(params), ...unstorableTextIn(body), ...query];
      if (unstorable.length) throw invalidRequest(unstorable.map(({ path, message }) => ({ path: apiPath(path) || "body", message })));
      const result = await handler({
        caller,
        params,
        body,
        url: new URL(request.url),
        request,
        mutate: (service, options) => runService(caller.actor, caller.principal.reach, service, options),
      });
      if (result instanceof Response) return result;
      return result === undefined ? noContent() : json(spec.status ?? 200, result);
    } catch (error) {
      return errorResponse(error, requestIdOf(request.headers));
    }
  };
  return declare(route, { kind: "api", permission: spec.permission, schema: spec.body });
}
