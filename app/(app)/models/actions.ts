"use server";

import { OPERATIONS } from "@/lib/api";
import { setCandidateModel } from "@/lib/automation";
import { db } from "@/lib/db";
import { actionCaller } from "@/lib/http";
import { cancelTrainingRun, requestTrainingRun, startTrainerIfNeeded } from "@/lib/model";

// The retraining panel's changes, as server actions (pages change data through
// server actions; /api is for machines). Each checks the caller as its /api
// operation does (actionCaller) and answers what to show: null when done,
// else why not.

/** An engineer queues a retraining run on the station's labelled photos. */
export async function startTrainingRunAction(station: string, options: unknown): Promise<string | null> {
  const caller = await actionCaller(OPERATIONS.startTrainingRun, { params: { station }, body: options });
  if ("problem" in caller) return caller.problem;
  const result = await requestTrainingRun(db(), station, caller.user, caller.body);
  if (!result.ok) return result.detail;
  await startTrainerIfNeeded(db());
  return null;
}

/** Cancels a queued run at once, a running one at its next batch. */
export async function cancelTrainingRunAction(id: string): Promise<string | null> {
  const caller = await actionCaller(OPERATIONS.cancelTrainingRun, { params: { id }, body: {} });
  if ("problem" in caller) return caller.problem;
  const result = await cancelTrainingRun(db(), id, caller.user);
  return result.ok ? null : result.detail;
}

/** Makes a trained version the station's candidate, which then predicts beside the active model. */
export async function makeCandidateAction(station: string, version: string): Promise<string | null> {
  const body = { version, reason: `Retrained on /models (run ${version})` };
  const caller = await actionCaller(OPERATIONS.setCandidate, { params: { station }, body });
  if ("problem" in caller) return caller.problem;
  const result = await setCandidateModel(db(), station, caller.user, caller.body.version, caller.body.reason);
  return result.ok ? null : result.detail;
}
