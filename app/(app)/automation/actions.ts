"use server";

import { OPERATIONS } from "@/lib/api";
import {
  decidePromotion,
  demoteStation,
  ESCAPE_IMPORT_MAX_BYTES,
  importEscapes,
  type EscapeImportResult,
  requestPromotion,
  resetEvidence,
  setBlindShare,
  setCandidateModel,
  setEscapeGate,
  switchModels,
} from "@/lib/automation";
import { operationAction, operationAnswer, stationBySlug, type ActionAnswer } from "@/lib/http";
import { setInspectionRegion } from "@/lib/stations";

// The automation pages' changes, as server actions (pages change data through
// server actions; /api is for machines, the inspection outbox and scripts).
// Each checks its caller and body as its /api operation does and answers
// what the form shows: null when done, else why not.

/** An engineer or manager asks for the station to move up; the gates are evaluated and kept with the request. */
export async function requestPromotionAction(station: string, body: unknown): Promise<string | null> {
  return operationAction(OPERATIONS.requestPromotion, { params: { station }, body }, ({ db, user, body }) => requestPromotion(db, station, user, body));
}

/** A manager approves (with an override reason where a gate does not pass) or rejects a promotion request. */
export async function decidePromotionAction(id: string, body: unknown): Promise<string | null> {
  return operationAction(OPERATIONS.decidePromotion, { params: { id }, body }, ({ db, user, body }) => decidePromotion(db, id, user, body));
}

/** A manager moves the station one level down at once. */
export async function demoteStationAction(station: string, body: unknown): Promise<string | null> {
  return operationAction(OPERATIONS.demoteStation, { params: { station }, body }, ({ db, user, body }) =>
    demoteStation(db, station, { kind: "USER", id: user.id }, body.reason),
  );
}

/** An engineer starts the station's evidence afresh. */
export async function resetEvidenceAction(station: string, body: unknown): Promise<string | null> {
  return operationAction(OPERATIONS.resetEvidence, { params: { station }, body }, ({ db, user, body }) => resetEvidence(db, station, user, body.reason));
}

/** A manager sets the share of units judged without the model's suggestion at AI assistance. */
export async function setBlindShareAction(station: string, body: unknown): Promise<string | null> {
  return operationAction(OPERATIONS.setBlindShare, { params: { station }, body }, ({ db, user, body }) =>
    setBlindShare(db, station, user, body.share, body.reason),
  );
}

/** An engineer sets or clears where the phone lies in the station's photos. */
export async function setInspectionRegionAction(station: string, body: unknown): Promise<string | null> {
  return operationAction(OPERATIONS.setInspectionRegion, { params: { station }, body }, ({ db, user, body }) =>
    setInspectionRegion(db, station, user, body.region, body.reason),
  );
}

/** Sets the station's candidate model, or clears it with null. */
export async function setCandidateAction(station: string, body: unknown): Promise<string | null> {
  return operationAction(OPERATIONS.setCandidate, { params: { station }, body }, ({ db, user, body }) =>
    setCandidateModel(db, station, user, body.version, body.reason),
  );
}

/** A manager swaps the active and candidate models. */
export async function switchModelsAction(station: string, body: unknown): Promise<string | null> {
  return operationAction(OPERATIONS.switchModels, { params: { station }, body }, ({ db, user, body }) => switchModels(db, station, user, body.reason));
}

/** A manager requires the escape gate for full automation, or no longer does. */
export async function setEscapeGateAction(station: string, body: unknown): Promise<string | null> {
  return operationAction(OPERATIONS.setEscapeGate, { params: { station }, body }, ({ db, user, body }) =>
    setEscapeGate(db, station, user, body.gate, body.reason),
  );
}

/** What the findings form shows: what was stored, every problem of a refused file by line, or why nothing happened. */
export type EscapeImportOutcome =
  | { kind: "done"; rows: number; imported: number; replayed: number; escapes: number }
  | { kind: "refused"; detail: string; problems: { line: number; message: string }[] }
  | { kind: "failed"; detail: string };

/** An engineer, manager or admin imports a CSV of findings (end-of-line failures, returns): whole, or not at all. */
export async function importEscapesAction(station: string, csv: unknown): Promise<EscapeImportOutcome> {
  const answer = await operationAnswer(
    OPERATIONS.importEscapes,
    { params: { station } },
    async ({ db, user }): Promise<ActionAnswer<{ result: EscapeImportResult }>> => {
      if (typeof csv !== "string") return { ok: false, detail: "Send the file's text." };
      if (Buffer.byteLength(csv) > ESCAPE_IMPORT_MAX_BYTES)
        return { ok: false, detail: `The file is over ${ESCAPE_IMPORT_MAX_BYTES / 1024 / 1024} MB: split it into smaller files.` };
      return { ok: true, result: await importEscapes(db, await stationBySlug(db, station), csv, { userId: user.id, tokenId: null }) };
    },
  );
  if (!answer.ok) return { kind: "failed", detail: answer.detail };
  const { result } = answer;
  if (!result.ok) return { kind: "refused", detail: "Nothing was imported: fix these rows and import the file again.", problems: result.problems };
  const escapes = Object.values(result.escapesByDecider).reduce((a, b) => a + b, 0);
  return { kind: "done", rows: result.rows, imported: result.imported, replayed: result.replayed, escapes };
}
