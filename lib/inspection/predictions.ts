import { z } from "zod";
import { routeUnit, unitLevel, type Route, type RoutingPolicy } from "../automation/routing.ts";
import { isUniqueViolation, type Db } from "../db/client.ts";
import type { ModelRole } from "../generated/prisma/enums.ts";
import { labelsOf } from "../stations/taxonomy.ts";
import { idempotencyKeySchema } from "./idempotency-key.ts";

const probability = z.number().min(0).max(1);

export const predictionInputSchema = z
  .object({
    idempotencyKey: idempotencyKeySchema,
    captureId: z.uuid(),
    modelVersion: z.string().min(1).max(64),
    scores: z.record(z.string().max(32), probability).refine((scores) => Object.keys(scores).length <= 32, "too many classes"),
    decision: z.string().min(1).max(32),
    confidence: probability,
    defectScore: probability,
    latencyMs: z.number().min(0).max(600_000),
    backend: z.enum(["webgl", "wasm", "cpu", "node"]),
    heatmap: z.array(probability).max(4096).optional(),
    statistics: z
      .object({
        brightness: probability,
        contrast: probability,
        sharpness: z.number().min(0).max(8),
        meanRed: probability,
        meanGreen: probability,
        meanBlue: probability,
      })
      .strict(),
  })
  .strict();

export type PredictionInput = z.infer<typeof predictionInputSchema>;

export type PredictionResult =
  | { ok: true; isReplay: boolean; prediction: { id: string; captureId: string; modelRole: ModelRole; decision: string }; route: Route | null }
  | { ok: false; refusal: { status: 404 | 409 | 422; reason: string; detail: string } };

/**
 * Stores the shadow prediction of the station's active (or candidate) model
 * on a unit, once: a retry, or the same model predicting on the same unit
 * again after a reload, gets the first prediction back. At PARTIAL and FULL,
 * the active model's prediction also routes the unit (lib/automation/routing):
 * where the model may decide alone, its decision is stored as the unit's
 * verdict and `route` says so, so the inspector's page skips the unit.
 */
export async function recordPrediction(db: Db, stationSlug: string, input: PredictionInput): Promise<PredictionResult> {
  const capture = await db.capture.findUnique({
    where: { id: input.captureId },
    select: { id: true, stationId: true, station: { select: { slug: true, defectClasses: { select: { key: true }, orderBy: { position: "asc" } }, automation: true } } },
  });
  if (!capture) return { ok: false, refusal: { status: 404, reason: "unknown-capture", detail: `No unit ${input.captureId}.` } };
  if (capture.station.slug !== stationSlug) return { ok: false, refusal: { status: 422, reason: "wrong-station", detail: `Unit ${input.captureId} belongs to another station.` } };
  const model = await db.modelVersion.findUnique({ where: { version: input.modelVersion }, select: { id: true, classes: true } });
  const automation = capture.station.automation;
  const role: ModelRole | null = model && automation?.activeModelId === model.id ? "ACTIVE" : model && automation?.candidateModelId === model.id ? "CANDIDATE" : null;
  if (!model || !role) {
    return { ok: false, refusal: { status: 422, reason: "model-not-on-station", detail: `Model ${input.modelVersion} is neither the active nor the candidate model of ${stationSlug}.` } };
  }
  const classes = model.classes as string[];
  const scoreKeys = Object.keys(input.scores).sort();
  if (scoreKeys.join() !== [...classes].sort().join()) {
    return { ok: false, refusal: { status: 422, reason: "wrong-classes", detail: `scores must have exactly the classes ${classes.join(", ")}.` } };
  }
  const labels = labelsOf(capture.station.defectClasses);
  if (!labels.includes(input.decision)) {
    return { ok: false, refusal: { status: 422, reason: "unknown-label", detail: `decision must be one of ${labels.join(", ")}.` } };
  }
  const existing = () =>
    db.prediction.findFirst({
      where: { OR: [{ idempotencyKey: input.idempotencyKey }, { captureId: capture.id, modelVersionId: model.id }] },
      select: { id: true, captureId: true, modelRole: true, decision: true, modelVersionId: true, defectScore: true },
    });
  // Created or replayed, the active model's prediction routes the unit (idempotent).
  const answer = async (
    row: { id: string; captureId: string; modelRole: ModelRole; decision: string; defectScore: number },
    isReplay: boolean,
  ): Promise<PredictionResult> => ({
    ok: true,
    isReplay,
    prediction: { id: row.id, captureId: row.captureId, modelRole: row.modelRole, decision: row.decision },
    route: row.modelRole === "ACTIVE" && automation ? await applyRoute(db, capture, automation, row.decision, row.defectScore) : null,
  });
  const earlier = await existing();
  if (earlier) {
    if (earlier.captureId !== capture.id || earlier.modelVersionId !== model.id) {
      return { ok: false, refusal: { status: 409, reason: "key-reused", detail: "This idempotency key was already used for a different prediction." } };
    }
    return answer(earlier, true);
  }
  try {
    const created = await db.prediction.create({
      data: {
        idempotencyKey: input.idempotencyKey,
        captureId: capture.id,
        stationId: capture.stationId,
        modelVersionId: model.id,
        modelRole: role,
        level: automation ? unitLevel(automation, capture.id) : "HUMAN_ONLY",
        scores: input.scores,
        decision: input.decision,
        confidence: input.confidence,
        defectScore: input.defectScore,
        latencyMs: input.latencyMs,
        backend: input.backend,
        heatmap: input.heatmap,
        ...input.statistics,
      },
      select: { id: true, captureId: true, modelRole: true, decision: true, defectScore: true },
    });
    return answer(created, false);
  } catch (error) {
    if (isUniqueViolation(error)) {
      const raced = await existing();
      if (raced) return answer(raced, true);
    }
    throw error;
  }
}

/** Routes a unit by the active model's score; stores the model's decision where it may decide alone. */
async function applyRoute(db: Db, capture: { id: string; stationId: string }, automation: RoutingPolicy, decision: string, defectScore: number): Promise<Route> {
  const { route, level } = routeUnit(automation, capture.id, defectScore);
  if (route !== "MODEL") return route;
  try {
    await db.$transaction(async (tx) => {
      const decided = await tx.capture.updateMany({
        where: { id: capture.id, decidedAt: null },
        data: { decidedAt: new Date(), leaseUserId: null, leaseExpiresAt: null },
      });
      // Only the first routing of an undecided unit records the model's verdict.
      if (decided.count === 0) return;
      await tx.verdict.create({
        data: { captureId: capture.id, stationId: capture.stationId, source: "MODEL", label: decision, level, decidedAt: new Date(), idempotencyKey: `model-${capture.id}` },
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  return route;
}
