import { createClient, listClients } from "@/lib/api/clients/operations";
import { authenticate } from "@/lib/api/auth";
import { apiRoute, json, jsonBody } from "@/lib/api/http";

export const GET = apiRoute(async (request) => json(200, await listClients(await authenticate(request), new URL(request.url))));

export const POST = apiRoute(async (request) => {
  const caller = await authenticate(request);
  return json(201, await createClient(caller, await jsonBody(request)));
});
