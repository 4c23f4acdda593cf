import { OutboundBlockedError, outboundFetch } from "@/lib/http/outbound";
import "server-only";
import { readCapped } from "@/lib/http/read-capped";
import { redirectUriProblem } from "@/lib/validation/uri";
import { defaultMetadataAddress } from "./vocabulary";

// "Test connection": fetches the provider's discovery document (OpenID Connect Discovery 1.0 §4)
// and checks it against the settings. Admin-only, but still careful: http(s) only, http only to
// loopback hosts, redirects followed only on the same host, a deadline and a size cap.

export const DISCOVERY_TIMEOUT_MS = 5_000;
export const DISCOVERY_MAX_BYTES = 512 * 1024;
export const DISCOVERY_MAX_REDIRECTS = 3;

export type CheckStatus = "pass" | "fail" | "skip";
export type ConnectionCheck = { id: string; label: string; status: CheckStatus; detail: string };
export type ConnectionReport = { url: string; ok: boolean; checks: ConnectionCheck[] };

export type ProbeInput = {
  authority: string;
  metadataAddress: string | null;
  responseType: string;
  responseMode: string;
  prompt: string | null;
  scope: string[];
};

class ProbeError extends Error {}

/** Reads at most `max` bytes of a body; throws when there are more. */
async function readDocument(response: Response, max: number): Promise<string> {
  const text = await readCapped(response, max);
  if (text === null) throw new ProbeError(`The document is larger than ${max / 1024} KiB.`);
  return text;
}

/** GETs `start`, following at most a few redirects that stay on its host. */
async function fetchDocument(start: string, signal: AbortSignal): Promise<{ url: string; body: string }> {
  let url = start;
  for (let hop = 0; ; hop++) {
    const problem = redirectUriProblem(url);
    if (problem) throw new ProbeError(problem);
    const response = await outboundFetch(url, { redirect: "manual", signal, cache: "no-store", headers: { accept: "application/json" } });
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get("location");
      await response.body?.cancel();
      if (!location) throw new ProbeError(`${url} answered ${response.status} without a Location.`);
      const next = new URL(location, url);
      if (next.host !== new URL(start).host) throw new ProbeError(`${url} redirects to another host (${next.host}); not followed.`);
      if (hop >= DISCOVERY_MAX_REDIRECTS) throw new ProbeError(`More than ${DISCOVERY_MAX_REDIRECTS} redirects.`);
      url = next.href;
      continue;
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new ProbeError(`${url} answered HTTP ${response.status}.`);
    }
    return { url, body: await readDocument(response, DISCOVERY_MAX_BYTES) };
  }
}

const withoutTrailingSlash = (value: string) => value.replace(/\/+$/, "");
/** "id_token code" and "code id_token" are the same response type. */
const responseTypeKey = (value: string) => value.trim().split(/\s+/).sort().join(" ");

function stringList(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? value : null;
}

/** Fetches the discovery document and checks it; never throws (every failure is a failed check). */
export async function probeDiscovery(input: ProbeInput, { timeoutMs = DISCOVERY_TIMEOUT_MS } = {}): Promise<ConnectionReport> {
  const url = input.metadataAddress ?? defaultMetadataAddress(input.authority);
  const checks: ConnectionCheck[] = [];
  const report = () => ({ url, ok: checks.every((c) => c.status !== "fail"), checks });

  let body: string;
  try {
    const fetched = await fetchDocument(url, AbortSignal.timeout(timeoutMs));
    body = fetched.body;
    checks.push({ id: "fetch", label: "Discovery document fetched", status: "pass", detail: fetched.url });
  } catch (error) {
    const detail =
      error instanceof ProbeError || error instanceof OutboundBlockedError
        ? error.message
        : error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")
          ? `No answer within ${timeoutMs / 1000} s.`
          : `Could not connect (${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : "unknown error"}).`;
    checks.push({ id: "fetch", label: "Discovery document fetched", status: "fail", detail });
    return report();
  }

  let doc: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not a JSON object");
    doc = parsed as Record<string, unknown>;
    checks.push({ id: "parse", label: "Document is a JSON object", status: "pass", detail: `${Object.keys(doc).length} fields` });
  } catch (error) {
    checks.push({ id: "parse", label: "Document is a JSON object", status: "fail", detail: error instanceof Error ? error.message : "unreadable" });
    return report();
  }

  const issuer = typeof doc.issuer === "string" ? doc.issuer : null;
  checks.push(
    issuer !== null && withoutTrailingSlash(issuer) === withoutTrailingSlash(input.authority)
      ? { id: "issuer", label: "issuer matches the authority", status: "pass", detail: issuer }
      : {
          id: "issuer",
          label: "issuer matches the authority",
          status: "fail",
          detail: issuer === null ? "The document has no issuer." : `issuer is ${issuer}, the authority is ${input.authority}.`,
        },
  );

  // response_types_supported is REQUIRED by Discovery §3.
  const responseTypes = stringList(doc.response_types_supported);
  checks.push(
    responseTypes === null
      ? {
          id: "response_type",
          label: `response_type "${input.responseType}" supported`,
          status: "fail",
          detail: "The document has no response_types_supported.",
        }
      : responseTypes.some((t) => responseTypeKey(t) === responseTypeKey(input.responseType))
        ? { id: "response_type", label: `response_type "${input.responseType}" supported`, status: "pass", detail: responseTypes.join(", ") }
        : {
            id: "response_type",
            label: `response_type "${input.responseType}" supported`,
            status: "fail",
            detail: `Supported: ${responseTypes.join(", ") || "none"}.`,
          },
  );

  // Discovery §3: when response_modes_supported is omitted, the default is ["query", "fragment"].
  const advertisedModes = stringList(doc.response_modes_supported);
  const modes = advertisedModes ?? ["query", "fragment"];
  checks.push({
    id: "response_mode",
    label: `response_mode "${input.responseMode}" supported`,
    status: modes.includes(input.responseMode) ? "pass" : "fail",
    detail: `${advertisedModes ? "Supported" : "Not advertised; the default is"}: ${modes.join(", ")}.`,
  });

  const prompts = stringList(doc.prompt_values_supported);
  checks.push(
    input.prompt === null
      ? { id: "prompt", label: "prompt", status: "skip", detail: "No prompt is sent." }
      : prompts === null
        ? { id: "prompt", label: `prompt "${input.prompt}" supported`, status: "skip", detail: "The provider does not advertise prompt_values_supported." }
        : {
            id: "prompt",
            label: `prompt "${input.prompt}" supported`,
            status: prompts.includes(input.prompt) ? "pass" : "fail",
            detail: `Supported: ${prompts.join(", ")}.`,
          },
  );

  const scopes = stringList(doc.scopes_supported);
  const missing = scopes ? input.scope.filter((s) => !scopes.includes(s)) : [];
  checks.push(
    scopes === null
      ? { id: "scopes", label: "Scopes supported", status: "skip", detail: "The provider does not advertise scopes_supported." }
      : missing.length
        ? { id: "scopes", label: "Scopes supported", status: "fail", detail: `Not supported: ${missing.join(", ")}.` }
        : { id: "scopes", label: "Scopes supported", status: "pass", detail: input.scope.join(" ") },
  );
  return report();
}
