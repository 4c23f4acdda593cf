import { ApiError } from "@/lib/api/errors";
import { apiOperation } from "@/lib/api/http";
import { MIN_PASSPHRASE_LENGTH } from "@/lib/config/passphrase";
import { exportConfiguration } from "@/lib/config/service";

/**
 * GET /api/v0/export — the whole portal as JSON (default, or `Accept: application/json`, or
 * `?format=json`), or the Usercube XML (`Accept: application/xml` or `?format=xml`). Identity-provider
 * client secrets only with `?include_provider_secrets=true` and an `X-Export-Passphrase` header
 * (≥ 12 characters) that seals them. Administrator only; audited.
 */
export const GET = apiOperation({ permission: "configuration.export" }, async ({ request, url, mutate }) => {
  const asked = url.searchParams.get("format") ?? (/\b(application|text)\/xml\b/.test(request.headers.get("accept") ?? "") ? "xml" : "json");
  if (asked !== "json" && asked !== "xml")
    throw new ApiError(400, "invalid_request", "format must be json or xml.", [{ path: "format", message: "Use json or xml." }]);
  const includeProviderSecrets = url.searchParams.get("include_provider_secrets") === "true";
  const passphrase = request.headers.get("x-export-passphrase") ?? undefined;
  if (includeProviderSecrets && (asked === "xml" || !passphrase || passphrase.length < MIN_PASSPHRASE_LENGTH)) {
    const errors = [
      ...(asked === "xml" ? [{ path: "format", message: "Provider secrets are exported only in JSON." }] : []),
      ...(!passphrase || passphrase.length < MIN_PASSPHRASE_LENGTH
        ? [{ path: "X-Export-Passphrase", message: `Send a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters to seal the provider secrets.` }]
        : []),
    ];
    throw new ApiError(
      400,
      "invalid_request",
      `Provider secrets are exported only in JSON, sealed with an X-Export-Passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters.`,
      errors,
    );
  }
  const exported = await mutate((ctx) =>
    exportConfiguration(ctx, { format: asked === "xml" ? "usercube-xml" : "portal-json", includeProviderSecrets, passphrase }),
  );
  return new Response(exported.body, { status: 200, headers: { "Content-Type": exported.contentType, "Cache-Control": "no-store" } });
});
