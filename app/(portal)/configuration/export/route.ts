import { z } from "zod";
import { adminRoute } from "@/lib/actions/admin-route";
import { MIN_PASSPHRASE_LENGTH } from "@/lib/config/passphrase";
import { exportConfiguration } from "@/lib/config/service";

// Downloads the portal's configuration: the whole-portal JSON or the Usercube XML. POST (the export
// form) may include identity-provider client secrets, sealed with the passphrase typed there.

const formSchema = z
  .object({
    format: z.enum(["portal-json", "usercube-xml"]),
    includeProviderSecrets: z.enum(["on", "true"]).optional(),
    passphrase: z.string().max(1000).optional(),
  })
  .refine((v) => !v.includeProviderSecrets || (v.passphrase ?? "").length >= MIN_PASSPHRASE_LENGTH, {
    message: `Provider secrets are sealed with a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters.`,
  });

export const POST = adminRoute("configuration.export", async (request, { run, plain }) => {
  const form = await request.formData().catch(() => null);
  const parsed = formSchema.safeParse(Object.fromEntries([...(form?.entries() ?? [])].filter(([, v]) => typeof v === "string")));
  if (!parsed.success) return plain(400, parsed.error.issues.map((i) => i.message).join(" "));
  const { format, includeProviderSecrets, passphrase } = parsed.data;
  const exported = await run((ctx) => exportConfiguration(ctx, { format, includeProviderSecrets: Boolean(includeProviderSecrets), passphrase }));
  return new Response(exported.body, {
    headers: { "content-type": exported.contentType, "content-disposition": `attachment; filename="${exported.filename}"`, "cache-control": "no-store" },
  });
});
