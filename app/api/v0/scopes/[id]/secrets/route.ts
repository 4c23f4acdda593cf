import { authenticate } from "@/lib/api/auth";
import { apiRoute, json, jsonBody } from "@/lib/api/http";
import { createScopeSecret } from "@/lib/api/scopes/operations";

export const POST = apiRoute<{ id: string }>(async (request, { id }) => {
  const caller = await authenticate(request);
  return json(201, await createScopeSecret(caller, id, await jsonBody(request)));
});
