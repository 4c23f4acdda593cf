import { checkReadiness } from "@/lib/health";

// Readiness: the database answers (a load balancer sends traffic only to ready instances).
export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const ready = await checkReadiness(request.headers);
  return Response.json(ready, { status: ready.status === "ready" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
