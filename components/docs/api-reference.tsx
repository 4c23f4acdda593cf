import type { ReactNode } from "react";
import { Badge, type Tone } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import type { ApiDoc, OpenApiOperation } from "@/lib/api/openapi";

// Renders an OpenAPI 3.1 document readably, without a renderer package: endpoints grouped by tag,
// method badges, parameters, and request/response schemas as formatted JSON in <details>.

type Schema = Record<string, unknown>;
type Operation = OpenApiOperation;

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const METHOD_TONES: Record<string, Tone> = { get: "green", post: "indigo", put: "amber", patch: "amber", delete: "red" };

const anchor = (operationId: string) => `op-${operationId}`;

/** `code` and **bold** in a line of the document's description. */
function inline(text: string): ReactNode[] {
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/g).map((part, i) => {
    if (part.startsWith("`") && part.endsWith("`"))
      return (
        <code key={i} className="rounded bg-slate-100 px-1 font-mono text-[0.8125rem] dark:bg-slate-800">
          {part.slice(1, -1)}
        </code>
      );
    if (part.startsWith("**") && part.endsWith("**")) return <strong key={i}>{part.slice(2, -2)}</strong>;
    return part;
  });
}

/** Paragraphs and "- " lists of a Markdown-ish description. */
function Prose({ text }: { text: string }) {
  return (
    <div className="space-y-3 text-sm leading-6 text-slate-700 dark:text-slate-300">
      {text.split(/\n\s*\n/).map((block, i) => {
        const lines = block.split("\n");
        if (lines.every((l) => l.startsWith("- ") || l.startsWith("  "))) {
          const items = block.split(/\n(?=- )/).map((item) => item.replace(/^- /, "").replace(/\n\s+/g, " "));
          return (
            <ul key={i} className="list-disc space-y-1 pl-5">
              {items.map((item, j) => (
                <li key={j}>{inline(item)}</li>
              ))}
            </ul>
          );
        }
        return <p key={i}>{inline(block.replace(/\n/g, " "))}</p>;
      })}
    </div>
  );
}

function refName(schema: Schema | undefined): string | null {
  const ref = schema?.$ref;
  return typeof ref === "string" ? ref.replace("#/components/schemas/", "") : null;
}

function typeOf(schema: Schema | undefined): string {
  if (!schema) return "";
  if (typeof schema.type === "string") return `${schema.type}${schema.format ? ` (${String(schema.format)})` : ""}`;
  return "";
}

type Parameter = NonNullable<Operation["parameters"]>[number];

const PARAMETER_COLUMNS: Column<Parameter>[] = [
  {
    header: "Name",
    phone: "title",
    className: "font-mono text-[0.8125rem]",
    cell: (p) => (
      <>
        {p.name}
        {p.required && (
          <span className="text-red-700 dark:text-red-400" title="required">
            {" "}
            *
          </span>
        )}
      </>
    ),
  },
  { header: "In", cell: (p) => p.in },
  { header: "Type", cell: (p) => typeOf(p.schema) },
  { header: "Description", className: "text-slate-600 dark:text-slate-400", cell: (p) => (typeof p.description === "string" ? p.description : "") },
];

function SchemaDetails({ label, schema, schemas }: { label: string; schema: Schema; schemas: ApiDoc["components"]["schemas"] }) {
  const name = refName(schema);
  const resolved = name ? schemas[name] : schema;
  return (
    <details className="group rounded-md border border-slate-200 dark:border-slate-800">
      <summary className="cursor-pointer select-none px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 dark:text-slate-300 dark:hover:bg-slate-800/50">
        {label}
        {name && <span className="ml-2 font-mono text-xs text-slate-500 dark:text-slate-400">{name}</span>}
      </summary>
      <pre
        tabIndex={0}
        aria-label={`${label} schema${name ? ` ${name}` : ""}`}
        className="max-h-96 overflow-auto border-t border-slate-200 bg-slate-50 p-3 font-mono text-xs leading-5 dark:border-slate-800 dark:bg-slate-950"
      >
        {JSON.stringify(resolved, null, 2)}
      </pre>
    </details>
  );
}

function OperationCard({
  method,
  path,
  base,
  op,
  schemas,
}: {
  method: string;
  path: string;
  base: string;
  op: Operation;
  schemas: ApiDoc["components"]["schemas"];
}) {
  const id = anchor(op.operationId);
  return (
    <article
      aria-labelledby={id}
      className="scroll-mt-6 space-y-4 rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900"
      data-testid="api-operation"
    >
      <header className="space-y-1">
        <h3 id={id} className="flex flex-wrap items-center gap-2 text-base font-semibold">
          <Badge tone={METHOD_TONES[method] ?? "gray"}>
            <span className="font-mono">{method.toUpperCase()}</span>
          </Badge>
          <code className="break-all font-mono text-sm">
            {base}
            {path}
          </code>
        </h3>
        <p className="text-sm font-medium">{op.summary}</p>
        {op.description && <p className="text-sm text-slate-600 dark:text-slate-400">{inline(op.description)}</p>}
      </header>

      {op.parameters && op.parameters.length > 0 && (
        <div>
          <p aria-hidden className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
            Parameters
          </p>
          <DataTable
            caption={`Parameters of ${method.toUpperCase()} ${path}`}
            rows={op.parameters}
            columns={PARAMETER_COLUMNS}
            rowKey={(p) => `${p.in}-${p.name}`}
            empty={null}
            scroll={false}
          />
        </div>
      )}

      {op.requestBody &&
        Object.entries(op.requestBody.content).map(([type, media]) => (
          <SchemaDetails
            key={type}
            label={`Request body${Object.keys(op.requestBody!.content).length > 1 ? ` (${type})` : ""}${op.requestBody!.required ? "" : " (optional)"}`}
            schema={media.schema}
            schemas={schemas}
          />
        ))}

      <div>
        <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">Responses</h4>
        <ul className="space-y-2">
          {Object.entries(op.responses).map(([status, response]) => (
            <li key={status} className="text-sm">
              {response.content?.["application/json"] ? (
                <SchemaDetails label={`${status} — ${response.description}`} schema={response.content["application/json"].schema} schemas={schemas} />
              ) : (
                <p className="px-3 py-2">
                  <span className="font-medium">{status}</span> — {response.description}
                </p>
              )}
            </li>
          ))}
        </ul>
      </div>
    </article>
  );
}

export function ApiReference({ doc }: { doc: ApiDoc }) {
  const base = doc.servers[0]?.url ?? "";
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (item[method] ? [{ path, method, op: item[method] }] : [])),
  );
  const bearer = Object.values(doc.components.securitySchemes)[0];

  return (
    <div className="grid gap-8 xl:grid-cols-[14rem_1fr]">
      <nav aria-label="Endpoints" className="xl:sticky xl:top-6 xl:self-start">
        <ul className="space-y-4 text-sm">
          {doc.tags.map((tag) => (
            <li key={tag.name}>
              <a href={`#tag-${tag.name}`} className="font-semibold hover:underline">
                {tag.name}
              </a>
              <ul className="mt-1 space-y-1">
                {operations
                  .filter((o) => o.op.tags.includes(tag.name))
                  .map(({ op }) => (
                    <li key={op.operationId}>
                      <a href={`#${anchor(op.operationId)}`} className="text-indigo-700 hover:underline dark:text-indigo-300">
                        {op.summary}
                      </a>
                    </li>
                  ))}
              </ul>
            </li>
          ))}
        </ul>
      </nav>

      <div className="min-w-0 space-y-10">
        <section aria-labelledby="api-overview" className="space-y-3 rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
          <h2 id="api-overview" className="text-lg font-semibold tracking-tight">
            {doc.info.title} <span className="text-sm font-normal text-slate-500 dark:text-slate-400">v{doc.info.version}</span>
          </h2>
          <Prose text={doc.info.description} />
          {bearer && (
            <p className="text-sm text-slate-700 dark:text-slate-300">
              <span className="font-medium">Authentication:</span> HTTP <code className="font-mono">{bearer.scheme}</code>
              {bearer.bearerFormat && <> ({bearer.bearerFormat})</>} — {bearer.description}
            </p>
          )}
        </section>

        {doc.tags.map((tag) => (
          <section key={tag.name} aria-labelledby={`tag-${tag.name}`} className="space-y-4">
            <div>
              <h2 id={`tag-${tag.name}`} className="scroll-mt-6 text-lg font-semibold tracking-tight">
                {tag.name}
              </h2>
              <p className="text-sm text-slate-600 dark:text-slate-400">{tag.description}</p>
            </div>
            {operations
              .filter((o) => o.op.tags.includes(tag.name))
              .map(({ path, method, op }) => (
                <OperationCard key={op.operationId} method={method} path={path} base={base} op={op} schemas={doc.components.schemas} />
              ))}
          </section>
        ))}
      </div>
    </div>
  );
}
