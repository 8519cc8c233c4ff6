import { OPERATIONS } from "@/lib/api";
import { setDriftDemotes } from "@/lib/drift";
import { operationRoute, refusalProblem } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Sets whether an open drift alert demotes the station at PARTIAL or FULL; alerts block promotions either way. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.setDriftPolicy, async ({ db, user, params, body }) => {
  const result = await setDriftDemotes(db, params.station, user, body.demotes, body.reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ driftDemotes: result.driftDemotes });
});
