import type { Metadata } from "next";
import { ComingSoon, PageHeader } from "@/components/layout/page-header";

export const metadata: Metadata = { title: "Identity providers" };

export default function Page() {
  return (
    <>
      <PageHeader title="Identity providers" description="External OpenID Connect identity providers." />
      <ComingSoon what="This section arrives with a later release." />
    </>
  );
}
