import { discoveryDocument, PUBLIC_METADATA_HEADERS } from "@/lib/oauth/discovery";

export const dynamic = "force-dynamic";

/** RFC 8414 §3's own well-known path: the same document as /.well-known/openid-configuration. */
export async function GET() {
  return Response.json(await discoveryDocument(), { headers: PUBLIC_METADATA_HEADERS });
}
