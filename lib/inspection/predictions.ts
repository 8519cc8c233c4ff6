import { z } from "zod";
import { checkDriftSoon } from "../drift/index.ts";
import { mayDecideAlone, routeUnit, unitLevel, type Route, type RoutingPolicy } from "../automation/index.ts";
import { describeRegion, inspectionRegionSchema, isSamePrediction, regionFrom, sameRegion, type ServerModelRun } from "../model/index.ts";
import { isUniqueViolation, type Db } from "../db/index.ts";
import type { ModelRole } from "../generated/prisma/enums.ts";
import { labelsOf } from "../stations/index.ts";
import { idempotencyKeySchema } from "./idempotency-key.ts";
import type { Refusal } from "../refusals/index.ts";

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
    /** The station's region of interest the browser scored inside (lib/model/region.ts); absent or null: the whole photo. */
    region: inspectionRegionSchema.nullable().optional(),
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
  | {
      ok: true;
      isReplay: boolean;
      prediction: { id: string; captureId: string; modelRole: ModelRole; decision: string; verified: boolean | null };
      route: Route | null;
    }
  | { ok: false; refusal: Omit<Refusal, "ok"> };

/** Who posted a prediction, and how the server checks the ones that may decide a unit. */
export interface PredictionContext {
  /** The signed-in poster and their session; null for trusted writers (the seed). */
  poster: { userId: string; sessionId: string | null } | null;
  /** The server's own run of the model; without one, the model decides no unit alone. */
  runModel: ServerModelRun | null;
}

/**
 * Stores the shadow prediction of the station's active (or candidate) model
 * on a unit, once: a retry, or the same model predicting on the same unit
 * again after a reload, gets the first prediction back. It records who posted
 * it, from which session, the model's content hash and the poster's lease; a
 * unit leased to another inspector is refused. At PARTIAL and FULL, the
 * active model's prediction also routes the unit (lib/automation/routing), on
 * the server's own run of the model, never on the browser's numbers: where
 * the two differ the unit goes to a person; where the model may decide alone,
 * the server's decision is stored as the unit's verdict and `route` says so,
 * so the inspector's page skips the unit.
 */
export async function recordPrediction(db: Db, stationSlug: string, input: PredictionInput, context: PredictionContext): Promise<PredictionResult> {
  const result = await storePrediction(db, stationSlug, input, context);
  // A new prediction may complete a drift window: the check is stored before the caller answers and runs after.
  if (result.ok) await checkDriftSoon(db, stationSlug);
  return result;
}

/** The write itself: the prediction, its routing, and the model's verdict where it decides the unit. */
async function storePrediction(db: Db, stationSlug: string, input: PredictionInput, context: PredictionContext): Promise<PredictionResult> {
  const capture = await db.capture.findUnique({
    where: { id: input.captureId },
    select: {
      id: true,
      stationId: true,
      storageKey: true,
      leaseUserId: true,
      leaseExpiresAt: true,
      station: { select: { slug: true, inspectionRegion: true, defectClasses: { select: { key: true }, orderBy: { position: "asc" } }, automation: true } },
    },
  });
  if (!capture) return { ok: false, refusal: { kind: "not-found", reason: "unknown-capture", detail: `No unit ${input.captureId}.` } };
  if (capture.station.slug !== stationSlug)
    return { ok: false, refusal: { kind: "invalid", reason: "wrong-station", detail: `Unit ${input.captureId} belongs to another station.` } };
  const poster = context.poster;
  const isLeasedToAnother =
    poster !== null && capture.leaseUserId !== null && capture.leaseUserId !== poster.userId && (capture.leaseExpiresAt?.getTime() ?? 0) > Date.now();
  if (isLeasedToAnother)
    return { ok: false, refusal: { kind: "conflict", reason: "leased-to-another", detail: "Another inspector holds this unit: only they predict on it." } };
  const model = await db.modelVersion.findUnique({ where: { version: input.modelVersion }, select: { id: true, classes: true, contentHash: true } });
  const automation = capture.station.automation;
  const role: ModelRole | null =
    model && automation?.activeModelId === model.id ? "ACTIVE" : model && automation?.candidateModelId === model.id ? "CANDIDATE" : null;
  if (!model || !role) {
    return {
      ok: false,
      refusal: {
        kind: "invalid",
        reason: "model-not-on-station",
        detail: `Model ${input.modelVersion} is neither the active nor the candidate model of ${stationSlug}.`,
      },
    };
  }
  const classes = model.classes as string[];
  const scoreKeys = Object.keys(input.scores).sort();
  if (scoreKeys.join() !== [...classes].sort().join()) {
    return { ok: false, refusal: { kind: "invalid", reason: "wrong-classes", detail: `scores must have exactly the classes ${classes.join(", ")}.` } };
  }
  // A model may know more classes than the station uses (or has retired): its decision is any of them.
  const labels = [...new Set([...labelsOf(capture.station.defectClasses), ...classes])];
  if (!labels.includes(input.decision)) {
    return { ok: false, refusal: { kind: "invalid", reason: "unknown-label", detail: `decision must be one of ${labels.join(", ")}.` } };
  }
  // A page opened before the station's region changed scores the old way: its predictions are not the station's evidence now.
  const region = regionFrom(capture.station.inspectionRegion);
  if (!sameRegion(input.region ?? null, region)) {
    return {
      ok: false,
      refusal: {
        kind: "conflict",
        reason: "region-changed",
        detail: `The station now scores ${describeRegion(region)}, not ${describeRegion(input.region ?? null)}: reload the page to score as it does.`,
      },
    };
  }
  const existing = () =>
    db.prediction.findFirst({
      where: { OR: [{ idempotencyKey: input.idempotencyKey }, { captureId: capture.id, modelVersionId: model.id }] },
      select: { id: true, captureId: true, modelRole: true, decision: true, modelVersionId: true, defectScore: true, verified: true, serverDefectScore: true },
    });
  const level = automation ? unitLevel(automation, capture.id) : "HUMAN_ONLY";
  // Where the model may decide this unit alone, the server runs the model itself and keeps what it found.
  const mustVerify = role === "ACTIVE" && mayDecideAlone(level) && context.runModel !== null;
  const runServer = () => (mustVerify && context.runModel ? context.runModel(capture, input.modelVersion, region) : Promise.resolve(null));
  // Created or replayed, the active model's prediction routes the unit (idempotent), on the server's own run only.
  const answer = async (
    row: { id: string; captureId: string; modelRole: ModelRole; decision: string; verified: boolean | null; serverDefectScore: number | null },
    isReplay: boolean,
  ): Promise<PredictionResult> => ({
    ok: true,
    isReplay,
    prediction: { id: row.id, captureId: row.captureId, modelRole: row.modelRole, decision: row.decision, verified: row.verified },
    route: row.modelRole === "ACTIVE" && automation ? await applyRoute(db, capture, automation, row) : null,
  });
  const earlier = await existing();
  if (earlier) {
    if (earlier.captureId !== capture.id || earlier.modelVersionId !== model.id) {
      return { ok: false, refusal: { kind: "conflict", reason: "key-reused", detail: "This idempotency key was already used for a different prediction." } };
    }
    // A prediction stored at a lower level (shadow, AI assistance) was never checked: check it now that it may decide the unit.
    if (mustVerify && earlier.verified === null) {
      const server = await runServer();
      if (server) {
        const verified = isSamePrediction(earlier, server);
        await db.prediction.update({ where: { id: earlier.id }, data: { verified, serverDefectScore: server.defectScore } });
        return answer({ ...earlier, verified, serverDefectScore: server.defectScore }, true);
      }
    }
    return answer(earlier, true);
  }
  const server = await runServer();
  try {
    const created = await db.prediction.create({
      data: {
        idempotencyKey: input.idempotencyKey,
        captureId: capture.id,
        stationId: capture.stationId,
        modelVersionId: model.id,
        modelRole: role,
        level,
        scores: input.scores,
        decision: input.decision,
        confidence: input.confidence,
        defectScore: input.defectScore,
        latencyMs: input.latencyMs,
        backend: input.backend,
        heatmap: input.heatmap,
        ...input.statistics,
        postedById: poster?.userId ?? null,
        sessionId: poster?.sessionId ?? null,
        modelHash: model.contentHash,
        leaseExpiresAt: poster && capture.leaseUserId === poster.userId ? capture.leaseExpiresAt : null,
        verified: server ? isSamePrediction(input, server) : null,
        serverDefectScore: server?.defectScore ?? null,
      },
      select: { id: true, captureId: true, modelRole: true, decision: true, defectScore: true, verified: true, serverDefectScore: true },
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

/**
 * Routes a unit by the active model's score as the server computed it, and
 * stores the model's decision where it may decide alone. A prediction the
 * server did not verify (no run, or a run that disagreed) sends the unit to a person.
 */
async function applyRoute(
  db: Db,
  capture: { id: string; stationId: string },
  automation: RoutingPolicy,
  prediction: { decision: string; verified: boolean | null; serverDefectScore: number | null },
): Promise<Route> {
  const level = unitLevel(automation, capture.id);
  if (!mayDecideAlone(level)) return "HUMAN";
  if (prediction.verified !== true || prediction.serverDefectScore === null) return "HUMAN";
  const { route } = routeUnit(automation, capture.id, prediction.serverDefectScore);
  const decision = prediction.decision;
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
        data: {
          captureId: capture.id,
          stationId: capture.stationId,
          source: "MODEL",
          label: decision,
          level,
          decidedAt: new Date(),
          idempotencyKey: `model-${capture.id}`,
        },
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  return route;
}
