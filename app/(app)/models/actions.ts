"use server";

import { z } from "zod";
import { OPERATIONS } from "@/lib/api";
import { currentUser, type CurrentUser } from "@/lib/auth";
import { setCandidateModel } from "@/lib/automation";
import { db } from "@/lib/db";
import { cancelTrainingRun, requestTrainingRun, startTrainerIfNeeded, trainingRunOptionsSchema } from "@/lib/model";

// The retraining panel's changes, as server actions (pages change data through
// server actions; /api is for machines). Each checks the caller's role as its
// /api operation does and answers what to show: null when done, else why not.

type Caller = { user: CurrentUser } | { problem: string };

async function callerFor(operation: { auth: { kind: string; roles?: readonly string[] } }): Promise<Caller> {
  const user = await currentUser();
  if (!user) return { problem: "Your session has ended: sign in again." };
  if (user.mustChangePassword) return { problem: "This account signed in with a one-time password: choose a new one at /account first." };
  if (!(operation.auth.roles ?? []).includes(user.role)) return { problem: "Your role cannot do this." };
  return { user };
}

/** An engineer queues a retraining run on the station's labelled photos. */
export async function startTrainingRunAction(station: string, options: unknown): Promise<string | null> {
  const caller = await callerFor(OPERATIONS.startTrainingRun);
  if ("problem" in caller) return caller.problem;
  const parsed = trainingRunOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return issue ? `${issue.path.join(".") || "options"}: ${issue.message}` : "Check the fields.";
  }
  const result = await requestTrainingRun(db(), station, caller.user, parsed.data);
  if (!result.ok) return result.detail;
  await startTrainerIfNeeded(db());
  return null;
}

/** Cancels a queued run at once, a running one at its next batch. */
export async function cancelTrainingRunAction(id: string): Promise<string | null> {
  const caller = await callerFor(OPERATIONS.cancelTrainingRun);
  if ("problem" in caller) return caller.problem;
  if (!z.uuid().safeParse(id).success) return "No such run.";
  const result = await cancelTrainingRun(db(), id, caller.user);
  return result.ok ? null : result.detail;
}

/** Makes a trained version the station's candidate, which then predicts beside the active model. */
export async function makeCandidateAction(station: string, version: string): Promise<string | null> {
  const caller = await callerFor(OPERATIONS.setCandidate);
  if ("problem" in caller) return caller.problem;
  const result = await setCandidateModel(db(), station, caller.user, version, `Retrained on /models (run ${version})`);
  return result.ok ? null : result.detail;
}
