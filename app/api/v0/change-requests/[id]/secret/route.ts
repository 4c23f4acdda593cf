// The operations are built by apiOperation (caller → permission → zod → body → audit) in lib/api/change-requests/operations.ts.
import { revealChangeRequestSecretOperation } from "@/lib/api/change-requests/operations";

export const POST = revealChangeRequestSecretOperation;
