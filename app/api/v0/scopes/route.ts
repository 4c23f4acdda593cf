import { authenticate } from "@/lib/api/auth";
import { apiRoute, json, jsonBody } from "@/lib/api/http";
import { createScope, listScopes } from "@/lib/api/scopes/operations";

export const GET = apiRoute(async (request) => json(200, await listScopes(await authenticate(request), new URL(request.url))));

export const POST = apiRoute(async (request) => {
  const caller = await authenticate(request);
  return json(201, await createScope(caller, await jsonBody(request)));
});
