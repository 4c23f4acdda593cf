// The operations are built by apiOperation (caller → permission → zod → body → audit) in lib/api/scopes/operations.ts.
import { rotateScopeSecretOperation } from "@/lib/api/scopes/operations";

export const POST = rotateScopeSecretOperation;
