import { discoveryDocument, PUBLIC_METADATA_HEADERS } from "@/lib/oauth/discovery";

// Reads the enabled scopes on every request: never prerendered at build time.
export const dynamic = "force-dynamic";

/** OpenID / OAuth 2.0 authorization server metadata (RFC 8414). Public: excluded from proxy.ts. */
export async function GET() {
  return Response.json(await discoveryDocument(), { headers: PUBLIC_METADATA_HEADERS });
}
