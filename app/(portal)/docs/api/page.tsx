import type { Metadata } from "next";
import { ApiReference } from "@/components/docs/api-reference";
import { PageHeader } from "@/components/layout/page-header";
import { openApiDocument } from "@/lib/api/openapi";
import { requireAdmin } from "@/lib/auth/session";

export const metadata: Metadata = { title: "API docs" };

export default async function ApiDocsPage() {
  await requireAdmin();
  return (
    <>
      <PageHeader
        title="API docs"
        description="The admin REST API under /api/v0, generated from the schemas it validates with."
        actions={
          <a href="/api/v0/openapi.json" className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300">
            OpenAPI 3.1 document (JSON)
          </a>
        }
      />
      <ApiReference doc={openApiDocument()} />
    </>
  );
}
