import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "OIDC Admin", template: "%s · OIDC Admin" },
  description: "Manage OpenID Connect clients, scopes, secrets and identity providers.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
