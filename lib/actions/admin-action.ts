import "server-only";
import type { z } from "zod";
import { actorOf } from "@/lib/audit/audit";
import { currentOrigin } from "@/lib/audit/origin";
import { can, refusalMessage, type Permission } from "@/lib/auth/permissions";
import { currentAdmin, type CurrentAdmin } from "@/lib/auth/session";
import { availability } from "@/lib/db/prisma";
import { currentRequestId, errorFields, logEvent } from "@/lib/log";
import { runService, type RunOptions, type ServiceContext } from "./context";
import { declare } from "./registry";
import { unstorableTextIn } from "@/lib/validation/unstorable-text";
import { ActionError, ForbiddenError, fieldErrorsOf, type ActionResult } from "./result";

export type ActionContext = ServiceContext & { admin: CurrentAdmin };

export const SIGNED_OUT_MESSAGE = "Your session has ended. Sign in again.";
export const DATABASE_UNAVAILABLE_MESSAGE = "The database is not answering, so nothing was saved. Try again in a few seconds.";

/** An unexpected failure: the database away (counted, lib/db/availability.ts) or anything else (logged). */
async function failed(error: unknown): Promise<ActionResult<never>> {
  const requestId = await currentRequestId();
  if (availability.refused(error, { requestId, where: "action" })) return { ok: false, message: DATABASE_UNAVAILABLE_MESSAGE };
  // Log the failure without the input: an action's input never belongs in a log.
  logEvent("error", "action failed", { requestId, ...errorFields(error) });
  return { ok: false, message: "Something went wrong and nothing was saved. Try again." };
}

/**
 * The one way to build a server action: session → permission → zod parse → body (in a
 * transaction, unless `{ transaction: false }`) → audit, then the body's afterCommit work.
 * The body calls a service function (lib/<area>/service.ts) with the context it receives, and
 * throws ActionError (or NotFoundError, ConflictError, ForbiddenError) for a refusal the admin reads.
 */
export function adminAction<S extends z.ZodType, R>(
  permission: Permission,
  schema: S,
  body: (input: z.output<S>, ctx: ActionContext) => Promise<R>,
  options: RunOptions = {},
): (input: z.input<S>) => Promise<ActionResult<R>> {
  const action = async (raw: z.input<S>): Promise<ActionResult<R>> => {
    let admin: CurrentAdmin | null;
    try {
      admin = await currentAdmin();
    } catch (error) {
      return failed(error);
    }
    if (!admin) return { ok: false, code: "unauthenticated", message: SIGNED_OUT_MESSAGE };
    if (!can(admin, permission)) return { ok: false, code: "forbidden", message: refusalMessage(admin, permission) };

    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      return { ok: false, message: "Some fields need attention.", fieldErrors: fieldErrorsOf(parsed.error) };
    }
    const unstorable = unstorableTextIn(parsed.data);
    if (unstorable.length) {
      const fieldErrors = Object.fromEntries(
        unstorable.map(({ path, message }) => [path.filter((s) => typeof s === "string").join(".") || "_form", [message]]),
      );
      return { ok: false, message: "Some fields need attention.", fieldErrors };
    }

    try {
      const actor = actorOf(admin, (await currentOrigin()) ?? undefined);
      const data = await runService(actor, admin.reach, (ctx) => body(parsed.data, { ...ctx, admin }), options);
      return { ok: true, data };
    } catch (error) {
      if (error instanceof ForbiddenError) return { ok: false, code: "forbidden", message: error.message };
      if (error instanceof ActionError) return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
      return failed(error);
    }
  };
  return declare(action, { kind: "action", permission, schema });
}
