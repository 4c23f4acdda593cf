import type { Metadata } from "next";
import { ComingSoon, PageHeader } from "@/components/layout/page-header";

export const metadata: Metadata = { title: "Audit log" };

export default function Page() {
  return (
    <>
      <PageHeader title="Audit log" description="Every change, newest first." />
      <ComingSoon what="This section arrives with a later release." />
    </>
  );
}
