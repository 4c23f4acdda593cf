import { z } from "zod";
import { isLoopbackHost } from "@/lib/validation/uri";
import { EVENT_PATTERN } from "./events";

// The forms of /webhooks. Each schema is used by the form (zodResolver) and by its server action
// (lib/webhooks/actions.ts).

/** Why `value` cannot receive webhooks, or null: https, or http to a loopback host (labs, tests). */
export function webhookUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter an absolute URL (https://…).";
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    return "The URL must use https (http only to localhost, in labs).";
  }
  if (url.username || url.password) return "The URL must not contain a user name or password.";
  if (url.hash) return "The URL must not contain a fragment (#).";
  return null;
}

export const webhookUrlSchema = z
  .string()
  .trim()
  .min(1, "Enter the URL that receives the events.")
  .max(2000, "Use at most 2000 characters.")
  .superRefine((value, ctx) => {
    const problem = webhookUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const webhookEventsSchema = z
  .array(z.string().max(80).regex(EVENT_PATTERN, "Choose events from the list."))
  .min(1, "Choose at least one kind of event.")
  .max(100)
  .transform((events) => [...new Set(events)].sort());

export const newWebhookSchema = z.object({
  url: webhookUrlSchema,
  description: z.string().trim().max(200, "Use at most 200 characters."),
  events: webhookEventsSchema,
});
export type NewWebhookInput = z.input<typeof newWebhookSchema>;
export type NewWebhookValues = z.output<typeof newWebhookSchema>;

export const webhookIdSchema = z.object({ id: z.string().min(1).max(100) });
export const setWebhookEnabledSchema = webhookIdSchema.extend({ enabled: z.boolean() });
export const redeliverSchema = z.object({ messageId: z.string().min(1).max(100) });
