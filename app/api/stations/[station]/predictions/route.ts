import { OPERATIONS } from "@/lib/api/operations";
import { db } from "@/lib/db/client";
import { refusalProblem, forOperation } from "@/lib/http";
import { appCaptureStore } from "@/lib/captures";
import { dataDir } from "@/lib/db/data-dir";
import { recordPrediction } from "@/lib/inspection";
import { appModelRunner } from "@/lib/model/server-model";

export const dynamic = "force-dynamic";

/** Records a prediction made in an inspector's browser, exactly once per unit and model, with who posted it; the server verifies any that may decide a unit. */
export const POST = forOperation(OPERATIONS.recordPrediction, async (_request, user, { params }: { params: Promise<{ station: string }> }, body) => {
  const { station } = await params;
  const result = await recordPrediction(db(), station, body, {
    poster: { userId: user.id, sessionId: user.sessionId ?? null },
    runModel: appModelRunner(appCaptureStore(dataDir())),
  });
  if (!result.ok) throw refusalProblem(result.refusal);
  return Response.json({ prediction: result.prediction, route: result.route, replayed: result.isReplay }, { status: result.isReplay ? 200 : 201 });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
