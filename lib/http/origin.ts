import "server-only";
import { headers } from "next/headers";

/**
 * The portal's origin: the ONE origin every address the portal shows is built on (provider redirect
 * URIs, curl commands, token endpoint and discovery URLs on the client page and hand-over sheet): PORTAL_URL when set (the address people use,
 * e.g. behind a reverse proxy), else the origin of the current request.
 */
export async function portalOrigin(): Promise<string> {
  const configured = process.env.PORTAL_URL?.trim();
  if (configured && URL.canParse(configured)) return configured.replace(/\/+$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host")?.split(",")[0]?.trim() || h.get("host") || "localhost";
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  return `${proto}://${host}`;
}
