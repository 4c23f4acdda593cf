import { z } from "zod";
import { LIMITS } from "@/lib/validation/limits";
import {
  apiClientDetailsSchema,
  apiClientInputSchema,
  apiClientListSchema,
  apiClientSchema,
  apiClientUpdateSchema,
  apiCreatedClientSchema,
  apiCreatedSecretSchema,
  apiRotatedSecretSchema,
  apiRotateSecretInputSchema,
  apiSecretInputSchema,
  apiSecretSchema,
} from "./clients/schema";
import { apiChangeRequestListSchema, apiChangeRequestSchema, apiProposedSchema, apiRevealedSecretSchema } from "./change-requests/schema";
import { pageQuerySchema } from "./pagination";
import { apiScopeDetailsSchema, apiScopeInputSchema, apiScopeListSchema, apiScopeSchema, apiScopeUpdateSchema } from "./scopes/schema";

// The OpenAPI 3.1 document of the admin REST API, generated from the same zod schemas the API
// validates with (OpenAPI 3.1 schemas are JSON Schema 2020-12, z.toJSONSchema's default target).
// Request bodies are described as the API accepts them (io: "input"), answers as it sends them.

export const apiErrorSchema = z.object({
  error: z.string().meta({ description: "invalid_request, unauthorized, invalid_token, forbidden, not_found, conflict or server_error" }),
  message: z.string().meta({ description: "A sentence for a person." }),
  errors: z
    .array(z.object({ path: z.string().meta({ description: "The field, in the API's names, e.g. redirect_uris.1" }), message: z.string() }))
    .optional()
    .meta({ description: "Every field error (400), or the field of a conflict (409)." }),
});

type JsonSchema = Record<string, unknown>;

type Content = { "application/json"?: { schema: JsonSchema }; "application/xml"?: { schema: JsonSchema } };
export type OpenApiParameter = { name: string; in: "path" | "query"; required: boolean; description?: string; schema: JsonSchema };
export type OpenApiOperation = {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: Content };
  responses: Record<string, { description: string; content?: Content }>;
};
/** The parts of an OpenAPI 3.1 document this API uses. */
export type ApiDoc = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  security: Record<string, string[]>[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<"get" | "post" | "put" | "patch" | "delete", OpenApiOperation>>>;
  components: {
    securitySchemes: Record<string, { type: "http"; scheme: string; bearerFormat?: string; description?: string }>;
    schemas: Record<string, JsonSchema>;
  };
};

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    // Keep the document readable: `format: date-time` says it all, and "any safe integer" is no bound.
    override: ({ jsonSchema: s }) => {
      if (s.format === "date-time") delete s.pattern;
      if (s.minimum === Number.MIN_SAFE_INTEGER) delete s.minimum;
      if (s.maximum === Number.MAX_SAFE_INTEGER) delete s.maximum;
    },
  }) as JsonSchema;
  return rest;
}

const SCHEMAS = {
  Client: [apiClientSchema, "output"],
  ClientDetails: [apiClientDetailsSchema, "output"],
  CreatedClient: [apiCreatedClientSchema, "output"],
  ClientList: [apiClientListSchema, "output"],
  ClientCreate: [apiClientInputSchema, "input"],
  ClientUpdate: [apiClientUpdateSchema, "input"],
  Secret: [apiSecretSchema, "output"],
  SecretCreate: [apiSecretInputSchema, "input"],
  CreatedSecret: [apiCreatedSecretSchema, "output"],
  SecretRotate: [apiRotateSecretInputSchema, "input"],
  RotatedSecret: [apiRotatedSecretSchema, "output"],
  Scope: [apiScopeSchema, "output"],
  ScopeDetails: [apiScopeDetailsSchema, "output"],
  ScopeList: [apiScopeListSchema, "output"],
  ScopeCreate: [apiScopeInputSchema, "input"],
  ScopeUpdate: [apiScopeUpdateSchema, "input"],
  ChangeRequest: [apiChangeRequestSchema, "output"],
  ChangeRequestAccepted: [apiProposedSchema, "output"],
  ChangeRequestList: [apiChangeRequestListSchema, "output"],
  RevealedSecret: [apiRevealedSecretSchema, "output"],
  Error: [apiErrorSchema, "output"],
} as const satisfies Record<string, readonly [z.ZodType, "input" | "output"]>;

type SchemaName = keyof typeof SCHEMAS;

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
const body = (name: SchemaName, description: string) => ({ description, content: { "application/json": { schema: ref(name) } } });
const error = (description: string) => body("Error", description);

const ERRORS = {
  400: error("Invalid request: every field error, with its path in the API's names."),
  401: error('No, or a bad, access token. Carries WWW-Authenticate: Bearer realm="portal" (with error="invalid_token" when a token was sent).'),
  403: error("The caller's profile does not allow this (see the description of the API)."),
  404: error("No such record within the caller's scope of responsibility."),
  409: error("Refused by the record's state: a taken name, a stale version, a built-in or used scope, a secret that cannot be rotated."),
  410: error("Gone: it waited too long and was erased unseen."),
};

const pathParam = (name: string, description: string): OpenApiParameter => ({ name, in: "path", required: true, description, schema: { type: "string" } });

const pageParams = Object.entries(jsonSchema(pageQuerySchema, "input").properties as Record<string, JsonSchema>).map(([name, schema]): OpenApiParameter => {
  const { description, ...rest } = schema;
  return { name, in: "query", required: false, description: typeof description === "string" ? description : undefined, schema: rest };
});

type Operation = {
  tag: string;
  summary: string;
  description?: string;
  params?: OpenApiParameter[];
  request?: SchemaName;
  /** The body may be left out (its fields have defaults). */
  optionalRequest?: boolean;
  ok: [status: number, schema: SchemaName | null, description: string];
  errors: (keyof typeof ERRORS)[];
  /** A governed client's change (four-eyes): ?reason= and 202 Accepted with the change request. */
  governed?: boolean;
};

const reasonParam: OpenApiParameter = {
  name: "reason",
  in: "query",
  required: false,
  description: "Why the change is wanted. Used only when the client's profile needs a second person's approval: the approver reads it beside the diff.",
  schema: { type: "string", maxLength: LIMITS.description },
};

const ACCEPTED = body(
  "ChangeRequestAccepted",
  "The client's profile needs a second person's approval (four-eyes): nothing changed yet; the change is now a change request, at the Location header (GET /change-requests/{id}). Another admin approves or rejects it in the portal (portal_url).",
);

function operation(id: string, o: Operation): OpenApiOperation {
  return {
    operationId: id,
    tags: [o.tag],
    summary: o.summary,
    ...(o.description ? { description: o.description } : {}),
    ...(o.params?.length || o.governed ? { parameters: [...(o.params ?? []), ...(o.governed ? [reasonParam] : [])] } : {}),
    ...(o.request ? { requestBody: { required: !o.optionalRequest, content: { "application/json": { schema: ref(o.request) } } } } : {}),
    responses: {
      [o.ok[0]]: o.ok[1] ? body(o.ok[1], o.ok[2]) : { description: o.ok[2] },
      ...(o.governed ? { 202: ACCEPTED } : {}),
      ...Object.fromEntries([401, ...o.errors].sort().map((status) => [status, ERRORS[status as keyof typeof ERRORS]])),
    },
  };
}

const secretId = pathParam("secretId", "The secret's id.");
const CLIENTS = "Clients";
const SCOPES = "Scopes";
const ADMIN_ONLY = "Administrator profile only (403 for any other caller).";
const CONFIGURATION = "Configuration";
const CHANGE_REQUESTS = "Change requests";
const ROTATE_SECRET =
  "A new secret (its value in the answer, this once) while the old one keeps working for grace_days, then expires by itself: rotation without an outage. 409 when the secret is revoked, expired or already retiring.";

/**
 * A record kind the API manages the same way (clients, scopes): list and create at `path`; read,
 * update and delete at `path/{id}`; add and revoke its secrets below that. Operation ids,
 * summaries, schemas (`ClientList`, `ClientDetails`, `ClientCreate`, `ClientUpdate`) and the usual
 * answers come from its name; the rest is its own.
 */
type Resource<Name extends "Client" | "Scope"> = {
  name: Name;
  path: string;
  tag: string;
  id: OpenApiParameter;
  /** What creating one answers. */
  created: [schema: SchemaName, description: string];
  read: string;
  descriptions: { list: string; create: string; update: string; delete: string; addSecret: string; rotateSecret: string };
  /** Deleting can be refused by the record's state (409). */
  deleteConflicts?: boolean;
  /** Its changes may need a second person's approval (202 Accepted with a change request). */
  governed?: boolean;
};

function resourcePaths<Name extends "Client" | "Scope">(r: Resource<Name>): ApiDoc["paths"] {
  const noun = r.name.toLowerCase();
  return {
    [r.path]: {
      get: operation(`list${r.name}s`, {
        tag: r.tag,
        summary: `List ${noun}s`,
        description: r.descriptions.list,
        params: pageParams,
        ok: [200, `${r.name}List`, `One page of ${noun}s.`],
        errors: [400, 403],
      }),
      post: operation(`create${r.name}`, {
        tag: r.tag,
        summary: `Create a ${noun}`,
        description: r.descriptions.create,
        request: `${r.name}Create`,
        ok: [201, ...r.created],
        governed: r.governed,
        errors: [400, 403, 409],
      }),
    },
    [`${r.path}/{id}`]: {
      get: operation(`get${r.name}`, { tag: r.tag, summary: `Read a ${noun}`, params: [r.id], ok: [200, `${r.name}Details`, r.read], errors: [403, 404] }),
      put: operation(`update${r.name}`, {
        tag: r.tag,
        summary: `Update a ${noun}`,
        description: r.descriptions.update,
        params: [r.id],
        request: `${r.name}Update`,
        ok: [200, `${r.name}Details`, `The updated ${noun}.`],
        governed: r.governed,
        errors: [400, 403, 404, 409],
      }),
      delete: operation(`delete${r.name}`, {
        tag: r.tag,
        summary: `Delete a ${noun}`,
        description: r.descriptions.delete,
        params: [r.id],
        ok: [204, null, "Deleted."],
        governed: r.governed,
        errors: r.deleteConflicts ? [403, 404, 409] : [403, 404],
      }),
    },
    [`${r.path}/{id}/secrets`]: {
      post: operation(`create${r.name}Secret`, {
        tag: r.tag,
        summary: `Add a ${noun} secret`,
        description: r.descriptions.addSecret,
        params: [r.id],
        request: "SecretCreate",
        ok: [201, "CreatedSecret", "The secret and its value."],
        governed: r.governed,
        errors: [400, 403, 404],
      }),
    },
    [`${r.path}/{id}/secrets/{secretId}`]: {
      delete: operation(`revoke${r.name}Secret`, {
        tag: r.tag,
        summary: `Revoke a ${noun} secret`,
        params: [r.id, secretId],
        ok: [204, null, "Revoked."],
        errors: [403, 404],
      }),
    },
    [`${r.path}/{id}/secrets/{secretId}/rotate`]: {
      post: operation(`rotate${r.name}Secret`, {
        tag: r.tag,
        summary: `Rotate a ${noun} secret`,
        description: r.descriptions.rotateSecret,
        params: [r.id, secretId],
        request: "SecretRotate",
        optionalRequest: true,
        ok: [201, "RotatedSecret", "The new secret and its value, and when the old one retires."],
        governed: r.governed,
        errors: [400, 403, 404, 409],
      }),
    },
  };
}

const queryFlag = (name: string, description: string): OpenApiParameter => ({
  name,
  in: "query",
  required: false,
  description,
  schema: { type: "boolean", default: false },
});

export const API_DESCRIPTION = `The portal's admin API. Call it with an access token of the portal itself: get one from
\`POST /oauth/token\` with \`grant_type=client_credentials\` and a client's credentials, then send
\`Authorization: Bearer <token>\`. The calling client must exist, be enabled and be unexpired.

What a caller may do depends on its client's **profile**:

- **Administrator** (without a profile context): everything.
- **A profile bound to a profile context**: list, read, create, change and delete the clients of that
  context only (other clients are not found: 404), in that context and with its own profile only
  (403 otherwise); no scopes (403).
- **Any other profile**: nothing (403). A profile gets API rights only by being Administrator or by
  being bound to a context.

Errors are \`{ error, message, errors? }\`; field paths use the API's names (\`redirect_uris.1\`).
Dates are RFC 3339. Secret values appear only in the answer that creates them.`;

/** The OpenAPI 3.1 document served at /api/v0/openapi.json and rendered at /docs/api. */
export function openApiDocument(): ApiDoc {
  return {
    openapi: "3.1.0",
    info: { title: "OIDC client admin portal API", version: "0.1.0", description: API_DESCRIPTION },
    servers: [{ url: "/api/v0" }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: CLIENTS, description: "OpenID Connect clients and their secrets." },
      { name: SCOPES, description: `Scopes and scope secrets. ${ADMIN_ONLY}` },
      {
        name: CHANGE_REQUESTS,
        description:
          "Four-eyes: on a profile that needs a second person's approval, a client's create, update, delete, new secret and rotation answer 202 Accepted with a change request instead. People decide in the portal; the author never approves their own.",
      },
      { name: CONFIGURATION, description: `Import and export of the whole configuration (Usercube XML, portal JSON). ${ADMIN_ONLY}` },
    ],
    paths: {
      ...resourcePaths({
        name: "Client",
        path: "/oidc/clients",
        tag: CLIENTS,
        id: pathParam("id", "The client's internal id (the `id` field, not its client_id)."),
        created: ["CreatedClient", "The client, with client_secret when it is confidential."],
        read: "The client and its secrets (never their values).",
        descriptions: {
          list: "Oldest first; never a secret. Page with page_token (from next_page_token) or page.",
          create:
            "Accepts the Beyond Identity body (name, redirect_uris, id_token_signed_response_alg, token_endpoint_auth_method) and the portal's other fields. A confidential client's first secret is in the answer (client_secret), this once.",
          update: "Fields left out keep their value. client_id cannot change. Send version to refuse the update (409) when someone changed the client since.",
          delete: "Deletes its secrets too.",
          addSecret:
            "Another secret; the old ones stay valid until revoked or expired (to retire one by itself, rotate it). The value is in the answer, this once.",
          rotateSecret: `${ROTATE_SECRET} The new secret gets the profile policy's default expiry.`,
        },
        governed: true,
      }),
      ...resourcePaths({
        name: "Scope",
        path: "/scopes",
        tag: SCOPES,
        id: pathParam("id", "The scope's internal id."),
        created: ["Scope", "The scope."],
        read: "The scope, its secrets and the clients allowed to request it.",
        descriptions: {
          list: ADMIN_ONLY,
          create: ADMIN_ONLY,
          update: "Fields left out keep their value. A built-in scope cannot be renamed (400).",
          delete: "Refused (409) for a built-in scope and while clients may request it.",
          addSecret: "Scope secrets authenticate APIs at the introspection endpoint. The value is in the answer, this once.",
          rotateSecret: ROTATE_SECRET,
        },
        deleteConflicts: true,
      }),
      "/change-requests": {
        get: operation("listChangeRequests", {
          tag: CHANGE_REQUESTS,
          summary: "List change requests",
          description: "Oldest first, within the caller's scope of responsibility; status= keeps one status (open, approved, rejected, stale, withdrawn).",
          params: [
            ...pageParams,
            {
              name: "status",
              in: "query",
              required: false,
              schema: { type: "string", enum: ["open", "approved", "rejected", "stale", "withdrawn"] },
            },
          ],
          ok: [200, "ChangeRequestList", "One page of change requests."],
          errors: [400, 403],
        }),
      },
      "/change-requests/{id}": {
        get: operation("getChangeRequest", {
          tag: CHANGE_REQUESTS,
          summary: "Read a change request",
          description: "The Location of a 202: its status, the diff, the reason and who proposed and decided it. Never a secret.",
          params: [pathParam("id", "The change request's id.")],
          ok: [200, "ChangeRequest", "The change request."],
          errors: [403, 404],
        }),
      },
      "/change-requests/{id}/secret": {
        post: operation("revealChangeRequestSecret", {
          tag: CHANGE_REQUESTS,
          summary: "Fetch the secret an approved request issued",
          description:
            "Its author only (the API client that proposed a new secret, a rotation or a confidential client), once: the value is erased as it is sent. 404 for anyone else or a second time; 410 when it waited more than 7 days.",
          params: [pathParam("id", "The change request's id.")],
          ok: [200, "RevealedSecret", "The secret's value, this once."],
          errors: [403, 404, 410],
        }),
      },
      "/export": {
        get: operation("exportConfiguration", {
          tag: CONFIGURATION,
          summary: "Export the configuration",
          description: `The whole portal as JSON (default; \`format=json\` or \`Accept: application/json\`) or the Usercube XML (\`format=xml\` or \`Accept: application/xml\`). Client and scope secrets only as hashes; identity-provider client secrets only with include_provider_secrets=true and an X-Export-Passphrase header (≥ 12 characters) that seals them. Audited. ${ADMIN_ONLY}`,
          params: [
            { name: "format", in: "query", required: false, description: "json or xml", schema: { type: "string", enum: ["json", "xml"] } },
            queryFlag("include_provider_secrets", "Seal identity-provider client secrets into the JSON with X-Export-Passphrase."),
          ],
          ok: [200, null, "The document (application/json or application/xml)."],
          errors: [400, 403],
        }),
      },
      "/import": {
        post: {
          ...operation("importConfiguration", {
            tag: CONFIGURATION,
            summary: "Import a configuration (or plan it with dry_run)",
            description: `A Usercube XML (\`Content-Type: application/xml\`: ProfileContext and OpenIdClient elements; HashedSecret is kept as is) or a portal JSON export (\`application/json\`). All or nothing: 200 with the plan (each entry create / change with its field changes / unchanged) and warnings; 400 with every problem, its path an XPath or a JSON path, and the plan. X-Import-Passphrase opens sealed provider secrets. Audited. ${ADMIN_ONLY}`,
            params: [
              queryFlag("dry_run", "Plan only: nothing is written."),
              queryFlag("create_missing_profiles", "Create the profiles clients name that do not exist (else they are problems)."),
            ],
            ok: [200, null, "The import report: dry_run, valid, applied, summary, entries, warnings."],
            errors: [400, 403],
          }),
          requestBody: {
            required: true,
            content: { "application/xml": { schema: { type: "string" } }, "application/json": { schema: { type: "object" } } },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "An access token (RFC 9068) from the portal's POST /oauth/token." },
      },
      schemas: Object.fromEntries(Object.entries(SCHEMAS).map(([name, [schema, io]]) => [name, jsonSchema(schema, io)])),
    },
  };
}
