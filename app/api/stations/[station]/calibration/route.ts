import { OPERATIONS } from "@/lib/api/operations";
import { db } from "@/lib/db/client";
import { refitCalibration } from "@/lib/drift/estimate";
import { refusalProblem, forOperation } from "@/lib/http";

export const dynamic = "force-dynamic";

/** An engineer refits the active model's calibration on the station's shadow era; the label-free estimate reads it from then on. */
export const POST = forOperation(OPERATIONS.refitCalibration, async (_request, user, { params }: { params: Promise<{ station: string }> }, body) => {
  const { station } = await params;
  const result = await refitCalibration(db(), station, user, body.reason);
  if (!result.ok) throw refusalProblem(result);
  const { calibration } = result;
  return Response.json({
    calibration: { units: calibration.units, defects: calibration.defects, blocks: calibration.rates.length, classRight: calibration.classRight, fittedAt: calibration.fittedAt.toISOString() },
  });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
