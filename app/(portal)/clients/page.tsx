import type { Metadata } from "next";
import { ComingSoon, PageHeader } from "@/components/layout/page-header";

export const metadata: Metadata = { title: "Clients" };

export default function Page() {
  return (
    <>
      <PageHeader title="Clients" description="Create and edit OpenID Connect clients and their secrets." />
      <ComingSoon what="This section arrives with a later release." />
    </>
  );
}
