"use server";

import { OPERATIONS } from "@/lib/api";
import { operationAction } from "@/lib/http";
import { cancelTrainingRun, requestTrainingRun, startTrainerIfNeeded } from "@/lib/model";
import { setCandidateAction } from "../automation/actions";

// The retraining panel's changes, as server actions (pages change data through
// server actions; /api is for machines). Each checks the caller as its /api
// operation does (operationAction) and answers what to show: null when done,
// else why not.

/** An engineer queues a retraining run on the station's labelled photos. */
export async function startTrainingRunAction(station: string, options: unknown): Promise<string | null> {
  return operationAction(OPERATIONS.startTrainingRun, { params: { station }, body: options }, async ({ db, user, body }) => {
    const result = await requestTrainingRun(db, station, user, body);
    if (result.ok) await startTrainerIfNeeded(db);
    return result;
  });
}

/** Cancels a queued run at once, a running one at its next batch. */
export async function cancelTrainingRunAction(id: string): Promise<string | null> {
  return operationAction(OPERATIONS.cancelTrainingRun, { params: { id }, body: {} }, ({ db, user }) => cancelTrainingRun(db, id, user));
}

/** Makes a trained version the station's candidate, which then predicts beside the active model. */
export async function makeCandidateAction(station: string, version: string): Promise<string | null> {
  return setCandidateAction(station, { version, reason: `Retrained on /models (run ${version})` });
}
