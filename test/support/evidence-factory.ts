import crypto from "node:crypto";
import type { Db } from "../../lib/db/index.ts";
import type { AutomationLevel, ModelRole } from "../../lib/generated/prisma/enums.ts";

/** Today's UTC midnight in ms, as the test module loads: evidence tests place units on whole UTC days counted from it. */
export const UTC_TODAY = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());

/** `hours` into the UTC day `days` after today (before it, when negative). */
export function atUtcDay(days: number, hours: number): Date {
  return new Date(UTC_TODAY + days * 86_400_000 + hours * 3_600_000);
}

export interface UnitSpec {
  stationId: string;
  inspectorId: string | null;
  human: string;
  model: string;
  defectScore: number;
  confidence: number;
  brightness: number;
  timeToDecideMs: number;
  decidedAt: Date;
  level: AutomationLevel;
  modelVersionId: string;
  /** Which write arrives first: both orders must make the comparison. */
  predictionFirst?: boolean;
  candidate?: { modelVersionId: string; decision: string };
}

/** One judged unit with the model's prediction, written the way the app writes them. */
export async function judgedUnit(db: Db, spec: UnitSpec): Promise<{ captureId: string; verdictId: string }> {
  const capture = await db.capture.create({
    data: {
      stationId: spec.stationId,
      capturedAt: spec.decidedAt,
      storageKey: `t/${crypto.randomUUID()}.png`,
      contentHash: crypto.randomUUID(),
      mimeType: "image/png",
      width: 64,
      height: 64,
      decidedAt: spec.decidedAt,
    },
  });
  const predict = (modelVersionId: string, modelRole: ModelRole, decision: string) =>
    db.prediction.create({
      data: {
        captureId: capture.id,
        stationId: spec.stationId,
        modelVersionId,
        modelRole,
        level: spec.level,
        scores: {},
        decision,
        confidence: spec.confidence,
        defectScore: spec.defectScore,
        latencyMs: 10,
        backend: "cpu",
        brightness: spec.brightness,
        contrast: 0.1,
        sharpness: 0.05,
        meanRed: 0.3,
        meanGreen: 0.3,
        meanBlue: 0.3,
        idempotencyKey: crypto.randomUUID(),
      },
    });
  const judge = () =>
    db.verdict.create({
      data: {
        captureId: capture.id,
        stationId: spec.stationId,
        inspectorId: spec.inspectorId,
        source: spec.inspectorId ? "INSPECTOR" : "IMPORT",
        label: spec.human,
        level: spec.level,
        timeToDecideMs: spec.timeToDecideMs,
        decidedAt: spec.decidedAt,
        idempotencyKey: crypto.randomUUID(),
      },
    });
  let verdictId: string;
  if (spec.predictionFirst) {
    await predict(spec.modelVersionId, "ACTIVE", spec.model);
    verdictId = (await judge()).id;
  } else {
    verdictId = (await judge()).id;
    await predict(spec.modelVersionId, "ACTIVE", spec.model);
  }
  if (spec.candidate) await predict(spec.candidate.modelVersionId, "CANDIDATE", spec.candidate.decision);
  return { captureId: capture.id, verdictId };
}

export function modelVersion(db: Db, version: string) {
  return db.modelVersion.create({
    data: { version, classes: ["scratch", "crack", "dent"], inputSize: 64, thresholds: {}, artifactPath: `/models/${version}` },
  });
}

export interface BulkUnits {
  stationId: string;
  modelVersionId: string;
  inspectorId: string | null;
  level: AutomationLevel;
  decidedAt: Date;
  human: string;
  model: string;
  defectScore: number;
  count: number;
  timeToDecideMs?: number;
  /** The inspector saw the model's suggestion (an assisted verdict at AI assistance). */
  suggestionShown?: boolean;
  /** The label pressed first and undone. */
  revisedFrom?: string | null;
}

/** Decided units (captures) and the active model's prediction on each, alike, in two statements. */
async function decidedUnitsWithPredictions(
  db: Db,
  ids: string[],
  spec: { stationId: string; modelVersionId: string; level: AutomationLevel; decidedAt: Date; model: string; defectScore: number },
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO captures (id, station_id, captured_at, storage_key, content_hash, mime_type, width, height, decided_at)
    SELECT id, ${spec.stationId}::uuid, ${spec.decidedAt}, 't/' || id || '.png', id::text, 'image/png', 64, 64, ${spec.decidedAt}
      FROM unnest(${ids}::uuid[]) AS id`;
  await db.$executeRaw`
    INSERT INTO predictions (id, capture_id, station_id, model_version_id, model_role, level, scores, decision, confidence, defect_score,
                             latency_ms, backend, brightness, contrast, sharpness, mean_red, mean_green, mean_blue, idempotency_key)
    SELECT gen_random_uuid(), id, ${spec.stationId}::uuid, ${spec.modelVersionId}::uuid, 'ACTIVE', ${spec.level}::"AutomationLevel", '{}', ${spec.model},
           GREATEST(${spec.defectScore}::float8, 1 - ${spec.defectScore}::float8), ${spec.defectScore}::float8, 10, 'cpu', 0.5, 0.1, 0.05, 0.3, 0.3, 0.3, gen_random_uuid()::text
      FROM unnest(${ids}::uuid[]) AS id`;
}

/**
 * `count` judged units alike, in three statements (captures, predictions,
 * verdicts) so the comparison triggers see them as the app's writes would.
 */
export async function judgedUnitsInBulk(db: Db, spec: BulkUnits): Promise<void> {
  const ids = Array.from({ length: spec.count }, () => crypto.randomUUID());
  await decidedUnitsWithPredictions(db, ids, spec);
  await db.$executeRaw`
    INSERT INTO verdicts (id, capture_id, station_id, inspector_id, source, label, level, suggestion_shown, revised_from, time_to_decide_ms, decided_at, idempotency_key)
    SELECT gen_random_uuid(), id, ${spec.stationId}::uuid, ${spec.inspectorId}, 'INSPECTOR', ${spec.human}, ${spec.level}::"AutomationLevel",
           ${spec.suggestionShown ?? false}, ${spec.revisedFrom ?? null}, ${spec.timeToDecideMs ?? 2000}, ${spec.decidedAt}, gen_random_uuid()::text
      FROM unnest(${ids}::uuid[]) AS id`;
}

/** `count` units the model decided alone, alike: a capture, the active model's prediction and its MODEL verdict, as the app writes them. */
export async function modelDecidedUnitsInBulk(
  db: Db,
  spec: { stationId: string; modelVersionId: string; level: AutomationLevel; decidedAt: Date; model: string; defectScore: number; count: number },
): Promise<string[]> {
  const ids = Array.from({ length: spec.count }, () => crypto.randomUUID());
  await decidedUnitsWithPredictions(db, ids, spec);
  await db.$executeRaw`
    INSERT INTO verdicts (id, capture_id, station_id, inspector_id, source, label, level, suggestion_shown, time_to_decide_ms, decided_at, idempotency_key)
    SELECT gen_random_uuid(), id, ${spec.stationId}::uuid, NULL, 'MODEL', ${spec.model}, ${spec.level}::"AutomationLevel", false, NULL, ${spec.decidedAt}, gen_random_uuid()::text
      FROM unnest(${ids}::uuid[]) AS id`;
  return ids;
}
