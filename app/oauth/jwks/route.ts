import { jwksResponse } from "@/lib/oauth/discovery";

export const dynamic = "force-dynamic";

/** The JSON Web Key Set: the active signing keys and retired ones whose tokens may still be valid. */
export function GET() {
  return jwksResponse();
}
