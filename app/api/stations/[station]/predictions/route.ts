import { OPERATIONS } from "@/lib/api";
import { appCaptureStore } from "@/lib/captures";
import { dataDir } from "@/lib/db";
import { operationRoute, refusalProblem } from "@/lib/http";
import { recordPrediction } from "@/lib/inspection";
import { appModelRunner } from "@/lib/model";

export const dynamic = "force-dynamic";

/** Records a prediction made in an inspector's browser, exactly once per unit and model, with who posted it; the server verifies any that may decide a unit. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.recordPrediction, async ({ db, user, params, body }) => {
  const poster = { userId: user.id, sessionId: user.sessionId ?? null };
  const result = await recordPrediction(db, params.station, body, { poster, runModel: appModelRunner(appCaptureStore(dataDir())) });
  if (!result.ok) throw refusalProblem(result.refusal);
  return Response.json({ prediction: result.prediction, route: result.route, replayed: result.isReplay }, { status: result.isReplay ? 200 : 201 });
});
