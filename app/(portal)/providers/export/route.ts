import { z } from "zod";
import { adminRoute, type AdminRouteContext } from "@/lib/actions/admin-route";
import { buildProviderExport } from "@/lib/providers/export";

// Downloads the `{"open_id_connect": [ … ]}` document: all providers, or one (`id`).
// GET never includes secrets. POST (the export form) includes them when `includeSecrets` is ticked;
// that export is audited like every other.

const paramsSchema = z.object({
  id: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  includeSecrets: z.enum(["on", "true", "1"]).optional(),
});

async function exportResponse(raw: Record<string, unknown>, allowSecrets: boolean, { run, plain }: AdminRouteContext) {
  const parsed = paramsSchema.safeParse(raw);
  if (!parsed.success) return plain(400, "Invalid export request.");
  const id = parsed.data.id;
  const includeSecrets = allowSecrets && parsed.data.includeSecrets !== undefined;

  const exported = await run(async ({ tx, audit }) => {
    const built = await buildProviderExport(tx, { id, includeSecrets });
    if (!built) return null;
    await audit({
      action: "provider.exported",
      target: id ? { type: "provider", id, label: built.names[0]! } : { type: "provider", id: "*", label: "all providers" },
      changes: { includeSecrets, providers: built.names },
    });
    return built;
  });
  if (!exported) return plain(404, "This provider no longer exists.");

  const filename = id ? `identity-provider-${exported.names[0]}.json` : "identity-providers.json";
  return new Response(`${JSON.stringify(exported.document, null, 2)}\n`, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
}

/** Without secrets: anyone who may see providers. */
export const GET = adminRoute("providers.read", (request, ctx) => exportResponse(Object.fromEntries(new URL(request.url).searchParams), false, ctx));

/** The export form: client secrets (decrypted) only for those who may change providers. */
export const POST = adminRoute("providers.write", async (request, ctx) => {
  const form = await request.formData().catch(() => null);
  if (!form) return ctx.plain(400, "Invalid export request.");
  return exportResponse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")), true, ctx);
});
