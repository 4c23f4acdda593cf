import { z } from "zod";
import { recordAudit } from "@/lib/audit/audit";
import { currentAdmin } from "@/lib/auth/session";
import { prisma } from "@/lib/db/prisma";
import { buildProviderExport } from "@/lib/providers/export";

// Downloads the `{"open_id_connect": [ … ]}` document: all providers, or one (`id`).
// GET never includes secrets. POST (the export form) includes them when `includeSecrets` is ticked;
// that export is audited like every other.

const paramsSchema = z.object({
  id: z.string().trim().min(1).max(100).optional().or(z.literal("").transform(() => undefined)),
  includeSecrets: z.enum(["on", "true", "1"]).optional(),
});

function plain(status: number, message: string) {
  return new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

/** A cross-site form post is refused; the session cookie is SameSite=Lax too, this is a second fence. */
function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true;
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  return URL.canParse(origin) && new URL(origin).host === host;
}

async function exportResponse(raw: Record<string, unknown>, allowSecrets: boolean) {
  const admin = await currentAdmin();
  if (!admin) return plain(401, "Sign in to export identity providers.");
  const parsed = paramsSchema.safeParse(raw);
  if (!parsed.success) return plain(400, "Invalid export request.");
  const id = parsed.data.id;
  const includeSecrets = allowSecrets && parsed.data.includeSecrets !== undefined;

  const exported = await prisma.$transaction(async (tx) => {
    const built = await buildProviderExport(tx, { id, includeSecrets });
    if (!built) return null;
    await recordAudit(
      tx,
      { type: "admin", id: admin.id, label: admin.email },
      {
        action: "provider.exported",
        target: id ? { type: "provider", id, label: built.names[0]! } : { type: "provider", id: "*", label: "all providers" },
        changes: { includeSecrets, providers: built.names },
      },
    );
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

export async function GET(request: Request) {
  return exportResponse(Object.fromEntries(new URL(request.url).searchParams), false);
}

export async function POST(request: Request) {
  if (!sameOrigin(request)) return plain(403, "Cross-site export requests are refused.");
  const form = await request.formData().catch(() => null);
  if (!form) return plain(400, "Invalid export request.");
  return exportResponse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")), true);
}
