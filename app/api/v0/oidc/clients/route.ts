// The operations are built by apiOperation (caller → permission → zod → body → audit) in lib/api/clients/operations.ts.
import { createClientOperation, listClientsOperation } from "@/lib/api/clients/operations";

export const GET = listClientsOperation;
export const POST = createClientOperation;
