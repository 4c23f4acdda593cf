import type { NextConfig } from "next";

// Only this origin's scripts, styles, images and connections; never framed. Next.js's inline
// bootstrap scripts and Tailwind's styles need 'unsafe-inline' (no nonces without dynamic rendering
// of every page's headers); external code still cannot load. Not sent in development, where
// React's tooling needs eval.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join("; ");

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
      // Everything but the start of a sign-in through an identity provider (/sign-in/{provider_name}),
      // whose form_post page sets a policy of its own that lets its form go to the provider only.
      ...(process.env.NODE_ENV === "production"
        ? [{ source: "/:path((?!sign-in/).*)", headers: [{ key: "Content-Security-Policy", value: CONTENT_SECURITY_POLICY }] }]
        : []),
    ];
  },
};

export default nextConfig;
