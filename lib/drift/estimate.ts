import type { Db, DbOrTx } from "../db/index.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { appendAudit, SYSTEM_ACTOR, type Actor } from "../audit/index.ts";
import { AUDIT_REFERENCE, lockStation, type LadderRefusal, type Person } from "../automation/index.ts";
import { OK_LABEL } from "../stations/index.ts";
import {
  estimatePerformance,
  fitCalibration,
  MIN_CALIBRATION_DEFECTS,
  MIN_CALIBRATION_UNITS,
  type AuditedUnit,
  type CalibrationPoint,
  type PerformanceEstimate,
  type ScoreCalibration,
} from "./calibration.ts";
import { AUDIT_SPAN } from "./checks.ts";

// Where the label-free estimate meets the database: the calibration fitted
// on a station's shadow era and stored, the units the model decided alone
// summed per calibration block, and the audited units it is held against.

/** Engineers own the calibration, as they own the drift reference. */
export const MAY_REFIT_CALIBRATION: readonly Person["role"][] = ["ENGINEER", "ADMIN"];

export interface StoredCalibration extends ScoreCalibration {
  fittedAt: Date;
  fittedById: string | null;
}

/** The units the model decided alone at a station's thresholds (the database's model_decides()). */
function decidedAlone(alias: "c" | "p", thresholds: { okThreshold: number; defectThreshold: number }): Prisma.Sql {
  return Prisma.sql`model_decides(${Prisma.raw(`${alias}.level`)}, ${Prisma.raw(`${alias}.defect_score`)}, ${thresholds.okThreshold}::float8, ${thresholds.defectThreshold}::float8)`;
}

const asNumbers = (value: unknown): number[] => (Array.isArray(value) ? value.filter((v): v is number => typeof v === "number") : []);

export async function storedCalibration(db: DbOrTx, stationId: string, modelVersionId: string): Promise<StoredCalibration | null> {
  const row = await db.scoreCalibration.findUnique({ where: { stationId_modelVersionId: { stationId, modelVersionId } } });
  if (!row) return null;
  return {
    bounds: asNumbers(row.bounds),
    rates: asNumbers(row.rates),
    classRight: row.classRight,
    units: row.units,
    defects: row.defects,
    fittedAt: row.fittedAt,
    fittedById: row.fittedById,
  };
}

/**
 * The model's shadow-era units at the station, as the calibration reads
 * them, through comparisons_shadow_era_idx: every drift run reads them until
 * a calibration is stored, so the read must not grow with the station's
 * later history.
 */
export function shadowPointsQuery(stationId: string, modelVersionId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT c.defect_score AS score, ${AUDIT_REFERENCE} <> ${OK_LABEL} AS defective, c.model_label <> ${OK_LABEL} AS model_defective, c.model_label = ${AUDIT_REFERENCE} AS same_class
      FROM comparisons c
     WHERE c.station_id = ${stationId}::uuid AND c.model_version_id = ${modelVersionId}::uuid AND c.model_role = 'ACTIVE' AND c.level = 'SHADOW'`;
}

async function shadowPoints(db: DbOrTx, stationId: string, modelVersionId: string): Promise<CalibrationPoint[]> {
  const rows = await db.$queryRaw<{ score: number; defective: boolean; model_defective: boolean; same_class: boolean }[]>(
    shadowPointsQuery(stationId, modelVersionId),
  );
  return rows.map((r) => ({ score: r.score, defective: r.defective, modelDefective: r.model_defective, sameClass: r.same_class }));
}

export type CalibrationShortfall = { ok: false; units: number; defects: number; detail: string };

/**
 * Fits the model's calibration on the station's shadow era and stores it in
 * place of any earlier one. Refused while the shadow era is too small to say
 * anything: MIN_CALIBRATION_UNITS units, MIN_CALIBRATION_DEFECTS defects.
 */
export async function fitStationCalibration(
  tx: DbOrTx,
  stationId: string,
  modelVersionId: string,
  actor: Actor,
): Promise<{ ok: true; calibration: StoredCalibration } | CalibrationShortfall> {
  const points = await shadowPoints(tx, stationId, modelVersionId);
  const defects = points.filter((p) => p.defective).length;
  if (points.length < MIN_CALIBRATION_UNITS || defects < MIN_CALIBRATION_DEFECTS) {
    return {
      ok: false,
      units: points.length,
      defects,
      detail: `The model's shadow era at this station holds ${points.length} compared units with ${defects} defects; a calibration needs ${MIN_CALIBRATION_UNITS} units and ${MIN_CALIBRATION_DEFECTS} defects.`,
    };
  }
  const fitted = fitCalibration(points);
  const fittedAt = new Date();
  const data = {
    bounds: fitted.bounds,
    rates: fitted.rates,
    classRight: fitted.classRight,
    units: fitted.units,
    defects: fitted.defects,
    fittedAt,
    fittedById: actor.id,
  };
  await tx.scoreCalibration.upsert({
    where: { stationId_modelVersionId: { stationId, modelVersionId } },
    create: { stationId, modelVersionId, ...data },
    update: data,
  });
  return { ok: true, calibration: { ...fitted, fittedAt, fittedById: actor.id } };
}

/** The stored calibration, or one fitted now (by Understudy, in the trail) when the model has none at the station yet. */
export async function calibrationFor(tx: DbOrTx, stationId: string, modelVersionId: string): Promise<StoredCalibration | null> {
  const stored = await storedCalibration(tx, stationId, modelVersionId);
  if (stored) return stored;
  const fitted = await fitStationCalibration(tx, stationId, modelVersionId, SYSTEM_ACTOR);
  if (!fitted.ok) return null;
  await appendAudit(tx, {
    stationId,
    actor: SYSTEM_ACTOR,
    action: "CALIBRATION_FITTED",
    reason: `First estimate of the model's units: calibrated on ${fitted.calibration.units} shadow units`,
    evidence: calibrationEvidence(fitted.calibration, modelVersionId),
    at: fitted.calibration.fittedAt,
  });
  return fitted.calibration;
}

function calibrationEvidence(calibration: ScoreCalibration, modelVersionId: string): Prisma.InputJsonObject {
  return { modelVersionId, units: calibration.units, defects: calibration.defects, blocks: calibration.rates.length, classRight: calibration.classRight };
}

/** An engineer refits the active model's calibration on the station's shadow era (after adjudications settled more units, say). */
export async function refitCalibration(
  db: Db,
  slug: string,
  person: Person,
  reason: string,
): Promise<{ ok: true; calibration: StoredCalibration } | LadderRefusal> {
  if (!MAY_REFIT_CALIBRATION.includes(person.role))
    return { ok: false, kind: "forbidden", reason: "role", detail: "Only engineers and admins refit the calibration." };
  return db.$transaction(async (tx) => {
    const locked = await lockStation(tx, slug);
    if (!locked.ok) return locked;
    const { stationId, state } = locked;
    if (!state.activeModelId)
      return { ok: false, kind: "invalid", reason: "no-active-model", detail: "The station runs no model: there is nothing to calibrate." } as const;
    const previous = await storedCalibration(tx, stationId, state.activeModelId);
    const actor = { kind: "USER", id: person.id } as const;
    const fitted = await fitStationCalibration(tx, stationId, state.activeModelId, actor);
    if (!fitted.ok) return { ok: false, kind: "invalid", reason: "too-few-shadow-units", detail: fitted.detail } as const;
    await appendAudit(tx, {
      stationId,
      actor,
      action: "CALIBRATION_FITTED",
      reason,
      evidence: {
        ...calibrationEvidence(fitted.calibration, state.activeModelId),
        previous: previous ? calibrationEvidence(previous, state.activeModelId) : null,
      },
      at: fitted.calibration.fittedAt,
    });
    return fitted;
  });
}

/** Units the model decided alone, summed per calibration block and decision, per UTC day. */
async function decidedGroups(
  db: DbOrTx,
  calibration: ScoreCalibration,
  scope: { stationId: string; modelVersionId: string; since: Date; okThreshold: number; defectThreshold: number },
): Promise<{ day: string; block: number; decided_defect: boolean; units: number }[]> {
  return db.$queryRaw`
    SELECT to_char((p.created_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day,
           width_bucket(p.defect_score, ${calibration.bounds}::float8[]) AS block,
           p.decision <> ${OK_LABEL} AS decided_defect, count(*)::int AS units
      FROM predictions p
     WHERE p.station_id = ${scope.stationId}::uuid AND p.model_version_id = ${scope.modelVersionId}::uuid AND p.model_role = 'ACTIVE'
       AND p.created_at >= ${scope.since} AND ${decidedAlone("p", scope)}
     GROUP BY 1, 2, 3`;
}

export interface EstimateView {
  calibration: StoredCalibration | null;
  /** Why there is no calibration, in words. */
  missing: string | null;
  days: ({ day: string } & PerformanceEstimate)[];
  rolling: PerformanceEstimate | null;
  total: PerformanceEstimate | null;
}

/**
 * The label-free estimate of every unit the model decided alone since
 * `since`: per UTC day, over the last `rollingDays`, and in all, beside the
 * audit sample's measurement of the same periods.
 */
export async function estimateSince(
  db: DbOrTx,
  scope: { stationId: string; modelVersionId: string; since: Date; okThreshold: number; defectThreshold: number; rollingDays: number; now?: Date },
): Promise<EstimateView> {
  const calibration = await storedCalibration(db, scope.stationId, scope.modelVersionId);
  if (!calibration) {
    return {
      calibration: null,
      missing: "The drift monitor calibrates the model on this station's shadow era once the model decides units alone; it has not yet.",
      days: [],
      rolling: null,
      total: null,
    };
  }
  const rows = await decidedGroups(db, calibration, scope);
  const rollingFrom = new Date((scope.now ?? new Date()).getTime() - scope.rollingDays * 86_400_000).toISOString().slice(0, 10);
  const group = (row: (typeof rows)[number]) => ({ rate: calibration.rates[row.block] ?? 0, decidedDefect: row.decided_defect, count: row.units });
  const days = [...new Set(rows.map((r) => r.day))].sort();
  return {
    calibration,
    missing: null,
    days: days.map((day) => ({ day, ...estimatePerformance(calibration, rows.filter((r) => r.day === day).map(group)) })),
    // By UTC day, as the audit sample's rolling week is close to: whole days from rollingFrom on.
    rolling: estimatePerformance(calibration, rows.filter((r) => r.day >= rollingFrom).map(group)),
    total: estimatePerformance(calibration, rows.map(group)),
  };
}

/**
 * How far back the audited units are looked for, in the model's predictions
 * at the station: at an audit share of 1% of the units the model decides
 * alone, AUDIT_SPAN of them are in it. The bound keeps every drift window's
 * read the same size however long the history, and where audits are rarer
 * it holds fewer (the checks ask for AUDIT_MIN_UNITS).
 */
export const AUDIT_LOOKBACK_PREDICTIONS = 100 * AUDIT_SPAN;

/**
 * The latest AUDIT_SPAN audited units of the model whose predictions came at
 * or before `until`, among its latest AUDIT_LOOKBACK_PREDICTIONS predictions
 * there: what the estimate is held against. A walk back through the
 * predictions, each one's comparison looked up, stopping at the span: the
 * station's comparisons sorted by their predictions' time would grow with
 * its history (lib/drift/bounded-reads.int.test.ts counts the buffers).
 */
export function auditedUnitsQuery(scope: { stationId: string; modelVersionId: string; okThreshold: number; defectThreshold: number }, until: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT c.score, c.decided_defect, c.agreed
      FROM (SELECT id, created_at FROM predictions
             WHERE station_id = ${scope.stationId}::uuid AND model_version_id = ${scope.modelVersionId}::uuid AND created_at <= ${until}
             ORDER BY created_at DESC, id DESC
             LIMIT ${AUDIT_LOOKBACK_PREDICTIONS}::int) p
     CROSS JOIN LATERAL (
       SELECT c.defect_score AS score, c.model_label <> ${OK_LABEL} AS decided_defect, c.model_label = ${AUDIT_REFERENCE} AS agreed
         FROM comparisons c
        WHERE c.prediction_id = p.id AND c.model_role = 'ACTIVE' AND ${decidedAlone("c", scope)}
       OFFSET 0) c
     ORDER BY p.created_at DESC, p.id DESC
     LIMIT ${AUDIT_SPAN}::int`;
}

export async function auditedUnitsUntil(
  db: DbOrTx,
  scope: { stationId: string; modelVersionId: string; okThreshold: number; defectThreshold: number },
  until: Date,
): Promise<AuditedUnit[]> {
  const rows = await db.$queryRaw<{ score: number; decided_defect: boolean; agreed: boolean }[]>(auditedUnitsQuery(scope, until));
  return rows.map((r) => ({ score: r.score, decidedDefect: r.decided_defect, agreed: r.agreed }));
}
