import { OPERATIONS } from "@/lib/api/operations";
import { db } from "@/lib/db/client";
import { forOperation, refusalProblem, stationBySlug } from "@/lib/http";
import { listTrainingRuns, requestTrainingRun } from "@/lib/model/training/runs";
import { startTrainerIfNeeded } from "@/lib/model/training/start-trainer";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ station: string }> };

/** The station's newest retraining runs; a queued run with no trainer at work gets one. */
export const GET = forOperation(OPERATIONS.listTrainingRuns, async (_request, _user, { params }: Context) => {
  const station = await stationBySlug(db(), (await params).station);
  await startTrainerIfNeeded(db());
  return Response.json({ runs: await listTrainingRuns(db(), { stationSlug: station.slug }) });
});

/** An engineer queues a retraining run on the station's labelled photos; a trainer process starts on it. */
export const POST = forOperation(OPERATIONS.startTrainingRun, async (_request, user, { params }: Context, body) => {
  const result = await requestTrainingRun(db(), (await params).station, user, body);
  if (!result.ok) throw refusalProblem(result);
  await startTrainerIfNeeded(db());
  return Response.json({ id: result.id, version: result.version }, { status: 201 });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
