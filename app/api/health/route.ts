import { OPERATIONS } from "@/lib/api/operations";
import { db } from "@/lib/db/client";
import { describedBy } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers. No data, no auth. */
export const GET = describedBy(OPERATIONS.health, async (): Promise<Response> => {
  try {
    await db().$queryRaw`SELECT 1`;
    return Response.json({ status: "ok" });
  } catch (error) {
    console.error("health check: database unreachable", error);
    return Response.json({ status: "unavailable", detail: "The database is unreachable." }, { status: 503 });
  }
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
