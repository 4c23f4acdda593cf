import { AppShell } from "@/components/layout/app-shell";
import { gatePortalPage } from "@/lib/auth/page-gate";
import { requireAdmin } from "@/lib/auth/session";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const admin = await requireAdmin();
  // 403 / 404 on a full page load, before the section's loading state streams (docs/decisions/008).
  await gatePortalPage(admin);
  return <AppShell admin={admin}>{children}</AppShell>;
}
