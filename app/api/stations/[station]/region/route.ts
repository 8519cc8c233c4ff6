import { OPERATIONS } from "@/lib/api";
import { operationRoute, refusalProblem } from "@/lib/http";
import { setInspectionRegion } from "@/lib/stations";

export const dynamic = "force-dynamic";

/** An engineer sets or clears where the phone lies in the station's photos (audited). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.setInspectionRegion, async ({ db, user, params, body }) => {
  const result = await setInspectionRegion(db, params.station, user, body.region, body.reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ region: result.region });
});
