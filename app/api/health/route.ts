import { OPERATIONS } from "@/lib/api";
import { operationRoute } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers. No data, no auth. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.health, async ({ db }) => {
  try {
    await db.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok" });
  } catch (error) {
    console.error("health check: database unreachable", error);
    return Response.json({ status: "unavailable", detail: "The database is unreachable." }, { status: 503 });
  }
});
