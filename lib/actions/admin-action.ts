import "server-only";
import type { z } from "zod";
import { recordAudit, type Actor, type AuditInput } from "@/lib/audit/audit";
import { currentAdmin, type CurrentAdmin } from "@/lib/auth/session";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import { errorFields, logEvent, requestIdOf } from "@/lib/log";
import { ActionError, fieldErrorsOf, type ActionResult } from "./result";

/** The request id of the action's request (outside a request, e.g. in tests: a fresh one). */
async function actionRequestId(): Promise<string> {
  try {
    const { headers } = await import("next/headers");
    return requestIdOf(await headers());
  } catch {
    return requestIdOf(null);
  }
}

export type ActionContext = {
  admin: CurrentAdmin;
  /** The transaction the body must use: its writes and its audit events commit together. */
  tx: Tx;
  audit: (event: AuditInput) => Promise<void>;
};

/**
 * The one way to build a server action: session → permission → zod parse → body (in a
 * transaction) → audit. The body throws ActionError for a refusal the admin should read.
 */
export function adminAction<S extends z.ZodType, R>(
  schema: S,
  body: (input: z.output<S>, ctx: ActionContext) => Promise<R>,
): (input: z.input<S>) => Promise<ActionResult<R>> {
  return async (raw) => {
    const admin = await currentAdmin();
    if (!admin) return { ok: false, message: "Your session has ended. Sign in again." };
    // Permission: every admin may manage every object today; when admins get profiles, the check
    // goes here, once, for every action.

    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      return { ok: false, message: "Some fields need attention.", fieldErrors: fieldErrorsOf(parsed.error) };
    }

    const actor: Actor = { type: "admin", id: admin.id, label: admin.email };
    try {
      const data = await prisma.$transaction((tx) =>
        body(parsed.data, { admin, tx, audit: (event) => recordAudit(tx, actor, event) }),
      );
      return { ok: true, data };
    } catch (error) {
      if (error instanceof ActionError) return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
      // Log the failure without the input: an action's input never belongs in a log.
      logEvent("error", "action failed", { requestId: await actionRequestId(), ...errorFields(error) });
      return { ok: false, message: "Something went wrong and nothing was saved. Try again." };
    }
  };
}
