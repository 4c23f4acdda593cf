import { z } from "zod";

// The Deliveries page's one input: the outbox message to retry now.
export const retryDeliverySchema = z.object({ id: z.string().trim().min(1, "Which message?").max(100) });
