// The operations are built by apiOperation (caller → permission → zod → body → audit) in lib/api/scopes/operations.ts.
import { revokeScopeSecretOperation } from "@/lib/api/scopes/operations";

export const DELETE = revokeScopeSecretOperation;
