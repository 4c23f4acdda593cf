import example from "@/lib/providers/fixtures/example.json";

// A valid `{"open_id_connect": [ … ]}` document to start from (lib/providers/schema.test.ts imports it).
export function GET() {
  return new Response(`${JSON.stringify(example, null, 2)}\n`, {
    headers: { "content-type": "application/json; charset=utf-8", "content-disposition": 'attachment; filename="identity-providers-example.json"' },
  });
}
