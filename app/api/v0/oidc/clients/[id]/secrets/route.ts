import { createClientSecret } from "@/lib/api/clients/operations";
import { authenticate } from "@/lib/api/auth";
import { apiRoute, json, jsonBody } from "@/lib/api/http";

export const POST = apiRoute<{ id: string }>(async (request, { id }) => {
  const caller = await authenticate(request);
  return json(201, await createClientSecret(caller, id, await jsonBody(request)));
});
