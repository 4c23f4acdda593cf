import { handleTokenRequest } from "@/lib/oauth/token-endpoint";

export const dynamic = "force-dynamic";

/** RFC 6749 §4.4 client_credentials. Public (excluded from proxy.ts): clients authenticate themselves. */
export function POST(request: Request) {
  return handleTokenRequest(request);
}
