import "server-only";
import type { z } from "zod";
import { declare } from "./registry";

/**
 * The one way to build a server action anyone may call, signed in or not: the steps before a session
 * (the password, the second step, an invitation or reset link) and the end of one's own. There is no
 * permission to check; `credential` says what stands in for one (the password, the link, the sealed
 * challenge cookie…), and the body checks it, with its input, itself. Declared public in the
 * registry: the authorization matrix (lib/auth/authorization-matrix.test.ts) knows these from the
 * code, as it knows adminAction's permissions, and the bad-input tests parse `schema` when given.
 *
 *   export const verifySecondStep = publicAction("the sign-in's sealed challenge cookie", async function verifySecondStep(raw: unknown) { … }, { schema: secondStepSchema });
 */
export function publicAction<A extends unknown[], R>(
  credential: string,
  body: (...args: A) => Promise<R>,
  options: { schema?: z.ZodType } = {},
): (...args: A) => Promise<R> {
  const action = async (...args: A): Promise<R> => body(...args);
  return declare(action, { kind: "action", permission: "public", credential, ...(options.schema ? { schema: options.schema } : {}) });
}
