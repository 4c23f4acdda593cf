// Next.js's hook for errors while rendering a page, running a route handler or a server action
// (next.config's instrumentation file). A page that failed because the database is away reports it
// to lib/db/availability.ts — one log line for the outage — and from then on scripts/server.mjs
// answers page loads 503 until the database is back.
import type { Instrumentation } from "next";

export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { existingAvailability } = await import("@/lib/db/availability");
  const id = request.headers["x-request-id"];
  // Not the path: some carry a secret (an invitation link).
  existingAvailability()?.refused(error, { requestId: Array.isArray(id) ? id[0] : id, where: context.routeType });
};
