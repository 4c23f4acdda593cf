// The operations are built by apiOperation (caller → permission → zod → body → audit) in lib/api/clients/operations.ts.
import { deleteClientOperation, getClientOperation, updateClientOperation } from "@/lib/api/clients/operations";

export const GET = getClientOperation;
export const PUT = updateClientOperation;
export const DELETE = deleteClientOperation;
