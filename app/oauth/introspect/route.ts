import { handleIntrospectionRequest } from "@/lib/oauth/introspection";

export const dynamic = "force-dynamic";

/** RFC 7662 token introspection, for callers holding a scope secret or a client secret. */
export function POST(request: Request) {
  return handleIntrospectionRequest(request);
}
