import type { Metadata } from "next";
import { ComingSoon, PageHeader } from "@/components/layout/page-header";

export const metadata: Metadata = { title: "Scopes" };

export default function Page() {
  return (
    <>
      <PageHeader title="Scopes" description="Scopes and scope secrets." />
      <ComingSoon what="This section arrives with a later release." />
    </>
  );
}
