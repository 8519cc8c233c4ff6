import { authRoute } from "@/lib/http";

export const dynamic = "force-dynamic";

/** better-auth's endpoints, bounded and rate-limited at the edge (lib/http/auth-route.ts). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = authRoute;
