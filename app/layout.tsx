import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "OIDC Admin", template: "%s · OIDC Admin" },
  description: "Manage OpenID Connect clients, scopes, secrets and identity providers.",
};

// Every page renders per request: its scripts carry that response's CSP nonce (proxy.ts), which a
// page prerendered at build time could not know.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
