import { authenticate } from "@/lib/api/auth";
import { apiRoute, noContent } from "@/lib/api/http";
import { revokeScopeSecret } from "@/lib/api/scopes/operations";

export const DELETE = apiRoute<{ id: string; secretId: string }>(async (request, { id, secretId }) => {
  await revokeScopeSecret(await authenticate(request), id, secretId);
  return noContent();
});
