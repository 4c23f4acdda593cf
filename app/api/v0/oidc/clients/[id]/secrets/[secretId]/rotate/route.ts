// The operations are built by apiOperation (caller → permission → zod → body → audit) in lib/api/clients/operations.ts.
import { rotateClientSecretOperation } from "@/lib/api/clients/operations";

export const POST = rotateClientSecretOperation;
