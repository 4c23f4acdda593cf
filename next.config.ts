import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // A separate build folder lets several e2e runs (one per E2E_PORT) build side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Native modules stay outside the server bundle and are loaded from node_modules at run time.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "pg"],
  poweredByHeader: false,
  typedRoutes: false,
  // The redirect URI identity providers send admins back to is {PORTAL_URL}/signin-{provider_name}
  // (the Content Hub form). A route segment cannot be partly dynamic, so this rewrites it to the
  // callback route handler.
  async rewrites() {
    return [{ source: "/signin-:provider", destination: "/sign-in/:provider/callback" }];
  },
  // forbidden() (app/forbidden.tsx): a page the admin's role may not see answers 403.
  experimental: { authInterrupts: true },
  // The Content-Security-Policy is set per request, with a nonce, by proxy.ts (docs/decisions/014).
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
