import { authenticate } from "@/lib/api/auth";
import { apiRoute, json, jsonBody, noContent } from "@/lib/api/http";
import { deleteScope, getScope, updateScope } from "@/lib/api/scopes/operations";

type Params = { id: string };

export const GET = apiRoute<Params>(async (request, { id }) => json(200, await getScope(await authenticate(request), id)));

export const PUT = apiRoute<Params>(async (request, { id }) => {
  const caller = await authenticate(request);
  return json(200, await updateScope(caller, id, await jsonBody(request)));
});

export const DELETE = apiRoute<Params>(async (request, { id }) => {
  await deleteScope(await authenticate(request), id);
  return noContent();
});
