import type { Metadata } from "next";
import { ComingSoon, PageHeader } from "@/components/layout/page-header";

export const metadata: Metadata = { title: "Profiles" };

export default function Page() {
  return (
    <>
      <PageHeader title="Profiles" description="Profiles and profile contexts." />
      <ComingSoon what="This section arrives with a later release." />
    </>
  );
}
