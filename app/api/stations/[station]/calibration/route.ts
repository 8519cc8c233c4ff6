import { OPERATIONS } from "@/lib/api";
import { refitCalibration } from "@/lib/drift";
import { operationRoute, refusalProblem } from "@/lib/http";

export const dynamic = "force-dynamic";

/** An engineer refits the active model's calibration on the station's shadow era; the label-free estimate reads it from then on. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.refitCalibration, async ({ db, user, params, body }) => {
  const result = await refitCalibration(db, params.station, user, body.reason);
  if (!result.ok) throw refusalProblem(result);
  const { units, defects, rates, classRight, fittedAt } = result.calibration;
  return Response.json({ calibration: { units, defects, blocks: rates.length, classRight, fittedAt: fittedAt.toISOString() } });
});
