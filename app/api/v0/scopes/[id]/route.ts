// The operations are built by apiOperation (caller → permission → zod → body → audit) in lib/api/scopes/operations.ts.
import { deleteScopeOperation, getScopeOperation, updateScopeOperation } from "@/lib/api/scopes/operations";

export const GET = getScopeOperation;
export const PUT = updateScopeOperation;
export const DELETE = deleteScopeOperation;
