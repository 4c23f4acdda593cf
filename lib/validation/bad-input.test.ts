// Property-based tests (fast-check): every zod schema of lib/**/schema.ts, every server action and
// every /api/v0 operation — found in the code, not a hand list — fed generated bad input. Nothing
// may throw, nothing may answer 500 or log an error, and every refusal of an object's fields names
// a field. Seeded (PROPERTY_SEED to change it) and a few dozen runs per target, so the suite stays
// fast (PROPERTY_RUNS_FACTOR scales them); a failure prints the target, the counterexample and the
// seed to replay it.
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { declaredOf } from "@/lib/actions/registry";
import { exposedEntries } from "@/lib/testing/exposed";
import type { Caller } from "@/lib/api/auth";
import { createTestAdmin, signInAs } from "@/lib/testing/db";

vi.mock("@/lib/auth/session", () => ({ currentAdmin: vi.fn() }));
vi.mock("@/lib/auth/auth", () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));
vi.mock("next-auth", () => ({ AuthError: class extends Error {}, CredentialsSignin: class extends Error {}, default: vi.fn() }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));
// A request without cookies: the public second-step actions find no sign-in under way.
vi.mock("next/headers", async () => ({
  headers: async () => new Headers({ host: "portal.test" }),
  cookies: async () => (await import("@/lib/testing/next")).cookieJar().store,
}));
vi.mock("@/lib/api/auth", async (importOriginal) => ({ ...(await importOriginal<object>()), authenticate: vi.fn() }));
// An error logged means an unhandled failure reached a wrapper's last resort (the 500 path).
vi.mock("@/lib/log", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/log")>();
  return { ...real, logEvent: vi.fn() };
});

const SEED = Number(process.env.PROPERTY_SEED ?? 20261126);
/** Runs per target; PROPERTY_RUNS_FACTOR=10 for a deeper search on your machine. */
const FACTOR = Number(process.env.PROPERTY_RUNS_FACTOR ?? 1);
const RUNS = 50;
const options = (runs = RUNS) => ({ seed: SEED, numRuns: Math.round(runs * FACTOR) });

/** fast-check's report (seed, counterexample, shrunk) plus the error the property threw. */
function report<T>(result: fc.RunDetails<T>): string {
  const error = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance ?? "");
  return `${fc.defaultReportMessage(result)}\n${error}`;
}

const schemaModules = import.meta.glob(["/lib/**/schema.ts", "!/lib/generated/**"]);

/** The field names an object schema knows (through pipes, unions, wrappers); null for a non-object schema. */
function fieldNames(schema: z.ZodType): string[] | null {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  switch (def.type) {
    case "object":
      return Object.keys(def.shape as object);
    case "pipe":
      return fieldNames(def.in as z.ZodType);
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
      return fieldNames(def.innerType as z.ZodType);
    case "union": {
      const names = (def.options as z.ZodType[]).map(fieldNames);
      return names.some((n) => n === null) ? null : [...new Set(names.flat() as string[])];
    }
    case "intersection": {
      const [left, right] = [fieldNames(def.left as z.ZodType), fieldNames(def.right as z.ZodType)];
      return left && right ? [...left, ...right] : null;
    }
    default:
      return null;
  }
}

/** A bad value for one field: wrong types, edge strings, huge and odd values, nested junk. */
const badValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "lone \ud800",
    "\udc00",
    "cut \ud83d",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "a".repeat(5000),
    "-1",
    "NaN",
    "1e309",
    "true",
    "null",
    "2026-02-30",
    "http://",
    "https://x.example/#f",
  ),
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, undefined, true, false, [], {}, -1, 0, Number.MAX_SAFE_INTEGER),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }),
);

/** An object with some of `names` (and maybe a stray key) set to bad values. */
function badObject(names: string[]): fc.Arbitrary<Record<string, unknown>> {
  const key = names.length
    ? fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) })
    : fc.string({ maxLength: 8 });
  return fc.dictionary(key, badValue, { maxKeys: Math.max(3, names.length) });
}

/** Whether a zod issue names a field: a path with a string segment, or the unknown keys it lists. */
const namesAField = (issue: z.core.$ZodIssue) =>
  issue.path.some((p) => typeof p === "string" && p !== "") || (issue.code === "unrecognized_keys" && issue.keys.length > 0);

type Named<T> = { name: string; value: T };

let schemas: Named<z.ZodType>[] = [];
const actions: Named<{ fn: (input: unknown) => Promise<unknown>; schema: z.ZodType }>[] = [];
const operations: Named<{ fn: (request: Request, context: unknown) => Promise<Response>; method: string; hasBody: boolean; params: string[] }>[] = [];

beforeAll(async () => {
  for (const [path, load] of Object.entries(schemaModules)) {
    for (const [name, value] of Object.entries((await load()) as Record<string, unknown>)) {
      if (value instanceof z.ZodType) schemas.push({ name: `${path.slice(1)}#${name}`, value });
    }
  }
  // The actions and API operations the matrix and escalation tests walk too (lib/testing/exposed.ts).
  for (const entry of (await exposedEntries()).entries) {
    const declared = declaredOf(entry.fn);
    if (entry.kind === "action" && declared?.kind === "action" && declared.schema) {
      actions.push({ name: entry.key, value: { fn: entry.fn as (input: unknown) => Promise<unknown>, schema: declared.schema } });
    }
    if (entry.kind === "route" && declared?.kind === "api") {
      const method = entry.method!;
      const params = [...entry.key.matchAll(/\[(\w+)\]/g)].map((m) => m[1]!);
      operations.push({
        name: entry.key,
        value: { fn: entry.fn as (request: Request, context: unknown) => Promise<Response>, method, hasBody: method !== "GET" && method !== "DELETE", params },
      });
    }
  }
  schemas = schemas.sort((a, b) => a.name.localeCompare(b.name));

  const owner = await createTestAdmin("property-owner@example.test");
  await signInAs(owner);
  const api = await import("@/lib/api/auth");
  vi.mocked(api.authenticate).mockResolvedValue({
    actor: { type: "client", id: owner.id, label: "property-tests" },
    principal: { role: "Owner", reach: owner.reach, profile: "Administrator" },
  } satisfies Caller);
});

async function errorsLogged(): Promise<unknown[][]> {
  const { logEvent } = await import("@/lib/log");
  return vi.mocked(logEvent).mock.calls.filter(([level]) => level === "error");
}

describe("bad input (fast-check)", () => {
  it("finds the schemas, actions and API operations of the code", () => {
    expect(schemas.length).toBeGreaterThan(15);
    expect(actions.length).toBeGreaterThan(20);
    expect(operations.length).toBeGreaterThan(10);
  });

  it("every zod schema: never throws on anything; an object's rejection names a field", () => {
    const failures: string[] = [];
    for (const { name, value: schema } of schemas) {
      const names = fieldNames(schema);
      const input = names ? fc.oneof(badObject(names), fc.anything({ maxDepth: 2 })) : fc.anything({ maxDepth: 2 });
      const result = fc.check(
        fc.property(input, (raw) => {
          const parsed = schema.safeParse(raw); // a throw fails the property
          if (parsed.success || !names || typeof raw !== "object" || raw === null || Array.isArray(raw)) return true;
          const unnamed = parsed.error.issues.filter((issue) => !namesAField(issue));
          if (unnamed.length) throw new Error(`a refusal names no field: ${unnamed.map((i) => `${i.code}: ${i.message}`).join("; ")}`);
          return true;
        }),
        options(60),
      );
      if (result.failed) failures.push(`${name}: ${report(result)}`);
    }
    expect(failures, failures.join("\n\n")).toEqual([]);
  }, 120_000);

  it("every server action, as an Owner: no throw, no unexpected failure, field errors name fields", async () => {
    const failures: string[] = [];
    for (const { name, value: action } of actions) {
      const names = fieldNames(action.schema) ?? [];
      const result = await fc.check(
        fc.asyncProperty(badObject(names), async (raw) => {
          const before = (await errorsLogged()).length;
          const outcome = (await action.fn(raw)) as { ok: boolean; message?: string; fieldErrors?: Record<string, string[]> } | undefined;
          if ((await errorsLogged()).length > before) throw new Error("an error was logged (the unexpected-failure path)");
          if (!outcome || typeof outcome.ok !== "boolean") throw new Error(`not an ActionResult: ${JSON.stringify(outcome)}`);
          if (outcome.ok) return true;
          if (/something went wrong/i.test(outcome.message ?? "")) throw new Error(`unexpected failure: ${outcome.message}`);
          const unnamed = Object.keys(outcome.fieldErrors ?? {}).filter((key) => key === "_form" || key === "");
          if (unnamed.length) throw new Error(`field errors that name no field: ${JSON.stringify(outcome.fieldErrors)}`);
          return true;
        }),
        options(),
      );
      if (result.failed) failures.push(`${name}: ${report(result)}`);
    }
    expect(failures, failures.join("\n\n")).toEqual([]);
  }, 240_000);

  it("every /api/v0 operation: bad JSON bodies and query strings never answer 500; a 400 names its fields", async () => {
    const query = fc.dictionary(
      fc.oneof(
        {
          weight: 3,
          arbitrary: fc.constantFrom(
            "page",
            "page_size",
            "page_token",
            "q",
            "status",
            "profile",
            "format",
            "include_provider_secrets",
            "dry_run",
            "create_missing_profiles",
          ),
        },
        { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
      ),
      fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom("-1", "0", "1e9", "NaN", "%zz", "[]", "true", "false", "json", "xml", "", "a\u0000b")),
      { maxKeys: 4 },
    );
    const body = fc.oneof(
      {
        weight: 4,
        arbitrary: badObject([
          "name",
          "display_name",
          "redirect_uris",
          "post_logout_redirect_uris",
          "scopes",
          "allowed_scopes",
          "flow",
          "client_id",
          "token_endpoint_auth_method",
          "id_token_signed_response_alg",
          "profile",
          "profile_context",
          "expires_at",
          "enabled",
          "version",
          "description",
          "expires_in_days",
          "secrets",
        ]).map((o) => JSON.stringify(o)),
      },
      { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
    );
    const failures: string[] = [];
    for (const { name, value: op } of operations) {
      const result = await fc.check(
        fc.asyncProperty(query, body, fc.constantFrom("no-such-id", "", "%00", "\u0000", "1".repeat(300)), async (search, text, id) => {
          const before = (await errorsLogged()).length;
          const url = new URL("http://localhost:3000/api/v0/x");
          for (const [k, v] of Object.entries(search)) url.searchParams.set(k, v);
          const request = new Request(url, { method: op.method, headers: { "content-type": "application/json" }, body: op.hasBody ? text : undefined });
          const params = Object.fromEntries(op.params.map((p) => [p, id]));
          const response = await op.fn(request, { params: Promise.resolve(params) });
          if (response.status >= 500) throw new Error(`answered ${response.status}: ${await response.text()}`);
          if ((await errorsLogged()).length > before) throw new Error("an error was logged");
          if (response.status !== 400) return true;
          const answer = (await response.json()) as { error?: string; message?: string; errors?: { path: string; message: string }[] };
          if (!answer.message) throw new Error(`400 without a message: ${JSON.stringify(answer)}`);
          // A body that is not a JSON object has no field to name; any other refusal lists its fields.
          let parsed: unknown = undefined;
          try {
            parsed = JSON.parse(text);
          } catch {}
          const isObject = op.hasBody && typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
          if (op.hasBody && !isObject) return true;
          if (!answer.errors?.length || answer.errors.some((e) => !e.path)) throw new Error(`a 400 that names no field: ${JSON.stringify(answer)}`);
          return true;
        }),
        options(80),
      );
      if (result.failed) failures.push(`${name}: ${report(result)}`);
    }
    expect(failures, failures.join("\n\n")).toEqual([]);
  }, 240_000);

  it("POST /api/v0/import with bad Usercube XML: never 500; 400 with the problem, including the parser's guards", async () => {
    const importOperation = operations.find((o) => o.name === "app/api/v0/import/route.ts#POST")!.value;
    const name = fc.oneof(
      fc.constantFrom("__proto__", "constructor", "prototype", "hasOwnProperty", "toString", "OpenIdClient", "ProfileContext", "x:y", "a"),
      fc.string({ maxLength: 6 }),
    );
    const attribute = fc.tuple(name, fc.string({ maxLength: 12 })).map(([n, v]) => ` ${n}="${v.replace(/["<&]/g, "")}"`);
    const element = fc.tuple(name, fc.array(attribute, { maxLength: 3 })).map(([n, attributes]) => `<${n}${attributes.join("")} />`);
    // Guarded cases always: nesting far past the parser's limit, and reserved names in each position.
    const guarded = fc.oneof(
      fc.integer({ min: 101, max: 200_000 }).map((depth) => `${"<a>".repeat(depth)}${"</a>".repeat(depth)}`),
      fc
        .constantFrom("__proto__", "constructor", "prototype")
        .chain((n) =>
          fc.constantFrom(
            `<OpenIdClient ${n}="x" Identifier="a" />`,
            `<ConfigurationFile><${n} /></ConfigurationFile>`,
            `<${n}><OpenIdClient Identifier="a" /></${n}>`,
          ),
        ),
    );
    const document = fc.oneof(
      { weight: 2, arbitrary: guarded.map((text) => ({ text, guarded: true })) },
      {
        weight: 2,
        arbitrary: fc.array(element, { maxLength: 4 }).map((els) => ({ text: `<ConfigurationFile>${els.join("")}</ConfigurationFile>`, guarded: false })),
      },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((text) => ({ text, guarded: false })) },
    );
    const result = await fc.check(
      fc.asyncProperty(document, async ({ text, guarded }) => {
        const before = (await errorsLogged()).length;
        const request = new Request("http://localhost:3000/api/v0/import?dry_run=true", {
          method: "POST",
          headers: { "content-type": "application/xml" },
          body: text,
        });
        const response = await importOperation.fn(request, { params: Promise.resolve({}) });
        if (response.status >= 500) throw new Error(`answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
        if ((await errorsLogged()).length > before) throw new Error("an error was logged");
        if (response.status === 200 && !guarded) return true;
        const answer = (await response.json()) as { message?: string; errors?: { path: string; message: string }[] };
        if (response.status !== 400 || !answer.message || !answer.errors?.length)
          throw new Error(`not a 400 with its problems: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
        return true;
      }),
      options(60),
    );
    expect(result.failed, report(result)).toBe(false);
  }, 120_000);

  it("request paths: the server refuses exactly the percent-encoding Next.js's route params cannot decode, with a 400", async () => {
    const { hasUndecodablePath, badPathResponse } = await import("@/lib/http/request-path");
    // Next.js's own matcher for a dynamic route (what threw DecodeError, answered as a bare 500).
    const { getRouteRegex } = await import("next/dist/shared/lib/router/utils/route-regex");
    const { getRouteMatcher } = await import("next/dist/shared/lib/router/utils/route-matcher");
    const matchers = ["/clients/[id]", "/invitation/[token]", "/api/v0/oidc/clients/[id]"].map((route) => ({
      route,
      match: getRouteMatcher(getRouteRegex(route)),
    }));
    const hex = fc.constantFrom(..."0123456789abcdefABCDEFZz%/");
    const escape = fc.oneof(
      fc.tuple(hex, hex).map(([a, b]) => `%${a}${b}`),
      fc.constantFrom("%", "%E0%A4%A", "%E0%A4%A4", "%C0%AF", "%ED%A0%80", "%F0%9F%98%80", "%FF", "%00", "%2F", "%25"),
      fc.string({ maxLength: 3 }).map(encodeURIComponent),
      fc.constantFrom("a", "-", ".", "~", " "),
    );
    const segment = fc.array(escape, { maxLength: 5 }).map((parts) => parts.join(""));
    const target = fc
      .tuple(fc.constantFrom(...matchers), segment, fc.constantFrom("", "?q=%ZZ", "?x=%E0"))
      .map(([m, seg, query]) => ({ m, target: `${m.route.replace(/\[\w+\]/, "")}${seg}${query}` }));
    const result = fc.check(
      fc.property(target, ({ m, target }) => {
        const path = target.split("?")[0]!;
        let nextThrows = false;
        try {
          m.match(path);
        } catch {
          nextThrows = true;
        }
        const refused = hasUndecodablePath(target);
        // Whatever Next.js would choke on is refused; a refusal of a path Next.js reads must decode nowhere either.
        if (nextThrows && !refused) throw new Error(`passed to Next.js, which cannot decode it: ${target}`);
        if (refused) {
          expect(() => decodeURIComponent(path)).toThrow();
          const answer = badPathResponse(target);
          if (answer.status !== 400) throw new Error(`answered ${answer.status}`);
          const isApi = path.startsWith("/api/");
          if (isApi !== answer.headers["Content-Type"]!.startsWith("application/json")) throw new Error(`wrong kind of answer for ${target}`);
          if (isApi && !(JSON.parse(answer.body) as { message?: string }).message) throw new Error("a 400 without a message");
        }
        return true;
      }),
      options(300),
    );
    expect(result.failed, report(result)).toBe(false);
  });

  it("the checks can fail: a schema with a form-level refinement and a throwing transform are caught", () => {
    const formLevel = z.object({ a: z.string() }).refine((v) => v.a === "x", "not x");
    const check = fc.check(
      fc.property(badObject(["a"]), (raw) => {
        const parsed = formLevel.safeParse(raw);
        return parsed.success || parsed.error.issues.every((issue) => namesAField(issue));
      }),
      options(),
    );
    expect(check.failed).toBe(true);
    expect(fc.defaultReportMessage(check)).toMatch(/Counterexample/);
    const throwing = z.string().transform(() => {
      throw new Error("boom");
    });
    expect(
      fc.check(
        fc.property(fc.string(), (raw) => (throwing.safeParse(raw), true)),
        options(),
      ).failed,
    ).toBe(true);
  });
});
