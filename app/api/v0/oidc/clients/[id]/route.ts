import { deleteClient, getClient, updateClient } from "@/lib/api/clients/operations";
import { authenticate } from "@/lib/api/auth";
import { apiRoute, json, jsonBody, noContent } from "@/lib/api/http";

type Params = { id: string };

export const GET = apiRoute<Params>(async (request, { id }) => json(200, await getClient(await authenticate(request), id)));

export const PUT = apiRoute<Params>(async (request, { id }) => {
  const caller = await authenticate(request);
  return json(200, await updateClient(caller, id, await jsonBody(request)));
});

export const DELETE = apiRoute<Params>(async (request, { id }) => {
  await deleteClient(await authenticate(request), id);
  return noContent();
});
