"use server";

import { OPERATIONS } from "@/lib/api";
import { refitCalibration, setDriftDemotes, setDriftReference } from "@/lib/drift";
import { operationAction } from "@/lib/http";

// The drift settings' changes, as server actions; each checks its caller and
// body as its /api operation does and answers null when done, else why not.

/** An engineer picks a window of the station's own predictions as the drift reference, or null for the model's own. */
export async function setDriftReferenceAction(station: string, body: unknown): Promise<string | null> {
  return operationAction(OPERATIONS.setDriftReference, { params: { station }, body }, ({ db, user, body: { baseline, reason } }) =>
    setDriftReference(db, station, user, baseline, reason),
  );
}

/** A manager sets whether an open drift alert demotes the station at PARTIAL or FULL. */
export async function setDriftPolicyAction(station: string, body: unknown): Promise<string | null> {
  return operationAction(OPERATIONS.setDriftPolicy, { params: { station }, body }, ({ db, user, body }) =>
    setDriftDemotes(db, station, user, body.demotes, body.reason),
  );
}

/** An engineer refits the active model's calibration on the station's shadow era. */
export async function refitCalibrationAction(station: string, body: unknown): Promise<string | null> {
  return operationAction(OPERATIONS.refitCalibration, { params: { station }, body }, ({ db, user, body }) => refitCalibration(db, station, user, body.reason));
}
