import type { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";

/**
 * Every server action, REST API operation and portal route, with the permission it declared. Filled by
 * the wrappers (adminAction, publicAction, apiOperation, adminRoute) when their module loads; the authorization
 * matrix test (lib/auth/authorization-matrix.test.ts) and the bad-input property tests
 * (lib/validation/bad-input.test.ts) read it to find what the code exposes.
 */
export type Declared = {
  kind: "action" | "api" | "route";
  permission: Permission | "public";
  /** The zod schema of the input (an action's argument, an API operation's JSON body), when there is one. */
  schema?: z.ZodType;
  /** A public action's stand-in for a permission (publicAction): what its body checks instead. */
  credential?: string;
};

const declared = new WeakMap<object, Declared>();

export function declare<F extends object>(fn: F, what: Declared): F {
  declared.set(fn, what);
  return fn;
}

export function declaredOf(fn: unknown): Declared | undefined {
  return typeof fn === "function" ? declared.get(fn) : undefined;
}
