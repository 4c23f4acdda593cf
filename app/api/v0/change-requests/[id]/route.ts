// The operations are built by apiOperation (caller → permission → zod → body → audit) in lib/api/change-requests/operations.ts.
import { getChangeRequestOperation } from "@/lib/api/change-requests/operations";

export const GET = getChangeRequestOperation;
