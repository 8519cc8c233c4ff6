import { OPERATIONS } from "@/lib/api";
import { operationRoute, refusalProblem, stationBySlug } from "@/lib/http";
import { listTrainingRuns, requestTrainingRun, startTrainerIfNeeded } from "@/lib/model";

export const dynamic = "force-dynamic";

/** The station's newest retraining runs (a queued run with no trainer at work gets one); an engineer queues a run on its labelled photos. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.listTrainingRuns, async ({ db, params }) => {
  const station = await stationBySlug(db, params.station);
  await startTrainerIfNeeded(db);
  return Response.json({ runs: await listTrainingRuns(db, { stationSlug: station.slug }) });
}).and(OPERATIONS.startTrainingRun, async ({ db, user, params, body }) => {
  const result = await requestTrainingRun(db, params.station, user, body);
  if (!result.ok) throw refusalProblem(result);
  await startTrainerIfNeeded(db);
  return Response.json({ id: result.id, version: result.version }, { status: 201 });
});
