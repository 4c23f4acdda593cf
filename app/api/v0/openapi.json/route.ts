import { openApiDocument } from "@/lib/api/openapi";

// The API's description, public like any OpenAPI document (it holds no data); /docs/api renders it.
export function GET() {
  return Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}
