import { jwks } from "@/lib/oauth/keys";
import { PUBLIC_METADATA_HEADERS } from "@/lib/oauth/discovery";

export const dynamic = "force-dynamic";

/** The JSON Web Key Set: the active signing keys and retired ones whose tokens may still be valid. */
export async function GET() {
  return new Response(JSON.stringify(await jwks()), {
    headers: { "Content-Type": "application/jwk-set+json", ...PUBLIC_METADATA_HEADERS },
  });
}
