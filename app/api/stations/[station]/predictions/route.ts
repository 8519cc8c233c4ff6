import { OPERATIONS } from "@/lib/api/operations";
import { db } from "@/lib/db/client";
import { checkDriftSoon } from "@/lib/drift/check-soon";
import { refusalProblem, forOperation } from "@/lib/http";
import { recordPrediction } from "@/lib/inspection";

export const dynamic = "force-dynamic";

/** Records a shadow prediction made in an inspector's browser, exactly once per unit and model. */
export const POST = forOperation(OPERATIONS.recordPrediction, async (_request, _user, { params }: { params: Promise<{ station: string }> }, body) => {
  const { station } = await params;
  const input = body;
  const result = await recordPrediction(db(), station, input);
  if (!result.ok) throw refusalProblem(result.refusal);
  // A new prediction may complete a drift window (checked after the answer, never delaying it).
  if (!result.isReplay) void checkDriftSoon(db(), station);
  return Response.json({ prediction: result.prediction, route: result.route, replayed: result.isReplay }, { status: result.isReplay ? 200 : 201 });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
