// The operations are built by apiOperation (caller → permission → zod → body → audit) in lib/api/scopes/operations.ts.
import { createScopeOperation, listScopesOperation } from "@/lib/api/scopes/operations";

export const GET = listScopesOperation;
export const POST = createScopeOperation;
