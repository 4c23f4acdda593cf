import { revokeClientSecret } from "@/lib/api/clients/operations";
import { authenticate } from "@/lib/api/auth";
import { apiRoute, noContent } from "@/lib/api/http";

export const DELETE = apiRoute<{ id: string; secretId: string }>(async (request, { id, secretId }) => {
  await revokeClientSecret(await authenticate(request), id, secretId);
  return noContent();
});
