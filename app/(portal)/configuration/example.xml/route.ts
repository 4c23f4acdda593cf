import { readFile } from "node:fs/promises";
import path from "node:path";

// A valid Usercube example (the seed examples: two OpenIdClient declarations and a ProfileContext).
export async function GET() {
  const body = await readFile(path.join(process.cwd(), "lib/config/fixtures/usercube-example.xml"), "utf8");
  return new Response(body, {
    headers: { "content-type": "application/xml; charset=utf-8", "content-disposition": 'attachment; filename="usercube-example.xml"' },
  });
}
