import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // A separate build folder lets several e2e runs (one per E2E_PORT) build side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Native modules stay outside the server bundle and are loaded from node_modules at run time.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "pg"],
  poweredByHeader: false,
  typedRoutes: false,
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
