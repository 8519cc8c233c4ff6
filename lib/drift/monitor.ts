import type { Db, DbOrTx } from "../db/index.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { ModelMetadata } from "../model/index.ts";
import { appendAudit } from "../audit/index.ts";
import { startEvidence, gateTargetsFor, modelDecides, parseGateOverrides } from "../automation/index.ts";
import { alertPolicyFor, replayAlertState, nextAlertState, type AlertState } from "./alerts.ts";
import {
  conceptChecks,
  dataChecks,
  DRIFT_POLICY,
  performanceChecks,
  predictionChecks,
  type CheckDetail,
  type CheckResult,
  type ConceptCounts,
  type DriftPolicy,
  type WindowRow,
} from "./checks.ts";
import { baselineReference, modelReference, type DriftReference } from "./reference.ts";
import { formatInstant } from "../text/index.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { auditAgainstEstimate, calibratedRate, estimatePerformance } from "./calibration.ts";
import { auditedUnitsUntil, calibrationFor, type StoredCalibration } from "./estimate.ts";

interface PredictionRow extends WindowRow {
  id: string;
  createdAt: Date;
  /** The level the unit ran at: whether the model decided it alone. */
  level: AutomationLevel;
}

const SYSTEM = { kind: "SYSTEM" as const, id: null };

/** Predictions of the active model on the station that make the reference for its answers (prediction drift). */
export const PREDICTION_REFERENCE_SIZE = 2 * DRIFT_POLICY.windowSize;

/**
 * The active model's predictions on a station, in order: the first `limit`
 * (the reference), those after the `after`-th (the windows due: read newest
 * first down to it, so the cost is the windows', not the history's), or a
 * time range (an engineer's baseline).
 */
async function windowRows(
  db: DbOrTx,
  stationId: string,
  modelVersionId: string,
  range: { first: number } | { after: number } | { from: Date; to: Date },
): Promise<PredictionRow[]> {
  const where =
    "first" in range
      ? Prisma.sql`ORDER BY created_at, id LIMIT ${range.first}::int`
      : "after" in range
        ? Prisma.sql`ORDER BY created_at DESC, id DESC
            LIMIT GREATEST(0, (SELECT predictions FROM prediction_counts WHERE station_id = ${stationId}::uuid AND model_version_id = ${modelVersionId}::uuid) - ${range.after})`
        : Prisma.sql`AND created_at >= ${range.from} AND created_at < ${range.to} ORDER BY created_at, id`;
  const rows = await db.$queryRaw<
    {
      id: string;
      created_at: Date;
      level: AutomationLevel;
      brightness: number;
      contrast: number;
      sharpness: number;
      mean_red: number;
      mean_green: number;
      mean_blue: number;
      defect_score: number;
      decision: string;
    }[]
  >`SELECT id, created_at, level, brightness, contrast, sharpness, mean_red, mean_green, mean_blue, defect_score, decision
      FROM predictions WHERE station_id = ${stationId}::uuid AND model_version_id = ${modelVersionId}::uuid ${where}`;
  if ("after" in range) rows.reverse();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    level: r.level,
    brightness: r.brightness,
    contrast: r.contrast,
    sharpness: r.sharpness,
    meanRed: r.mean_red,
    meanGreen: r.mean_green,
    meanBlue: r.mean_blue,
    defectScore: r.defect_score,
    predictedDefect: r.decision !== "ok",
  }));
}

/**
 * The reference a station's windows are compared with: the baseline window an
 * engineer picked (when it holds at least a window of the active model's
 * predictions), else the active model's training statistics.
 */
export async function stationReference(db: DbOrTx, stationId: string): Promise<{ reference: DriftReference; modelVersionId: string } | null> {
  const automation = await db.stationAutomation.findUnique({ where: { stationId }, include: { activeModel: true } });
  const model = automation?.activeModel;
  if (!automation || !model) return null;
  if (automation.driftBaselineFrom && automation.driftBaselineTo) {
    const rows = await windowRows(db, stationId, model.id, { from: automation.driftBaselineFrom, to: automation.driftBaselineTo });
    if (rows.length >= DRIFT_POLICY.windowSize) {
      return {
        reference: baselineReference(
          rows,
          `baseline ${formatInstant(automation.driftBaselineFrom)} to ${formatInstant(automation.driftBaselineTo)} (${rows.length} predictions)`,
        ),
        modelVersionId: model.id,
      };
    }
  }
  const metadata = model.metadata as unknown as ModelMetadata;
  if (!metadata?.reference) return null;
  // The model's evaluation sets are balanced by class, unlike a line: its
  // answers are compared with its own first predictions on this station.
  const first = await windowRows(db, stationId, model.id, { first: PREDICTION_REFERENCE_SIZE });
  const reference = modelReference(metadata);
  if (first.length < PREDICTION_REFERENCE_SIZE) return { reference: { ...reference, defectRate: null }, modelVersionId: model.id };
  const own = baselineReference(first, "");
  return {
    reference: {
      ...reference,
      label: `${reference.label}; its answers: its first ${first.length} predictions here`,
      defectRate: own.defectRate,
      scores: own.scores,
      scoresSize: first.length,
    },
    modelVersionId: model.id,
  };
}

/**
 * The units concept drift compares, alike before and in a window. At partial
 * automation people judge the units the model is unsure of (and a random audit
 * share of the rest): their agreement is lower by design, and held against
 * the shadow era's it reads as drift. So at partial both sides are the units
 * the model is sure of under the station's thresholds: the audit share now,
 * the same slice of the units before.
 */
export type ConceptPopulation = { okThreshold: number; defectThreshold: number } | null;

/**
 * The compared units concept drift holds a window against: the latest
 * CONCEPT_REFERENCE_UNITS before it (a hundred days of a small line, a few of a
 * busy one), so a run costs the same whatever the history.
 */
export const CONCEPT_REFERENCE_UNITS = 10_000;

/**
 * How far back, in the model's predictions at the station, the reference is
 * looked for. Where people judge every unit, CONCEPT_REFERENCE_UNITS of them
 * are in half of it; at partial automation only the audited share of the units
 * the model is sure of is compared, and the reference is what this many
 * predictions hold (about 900 at a 5% audit). Without the bound a run at
 * partial walked back through the whole partial era to find its 10,000, every
 * 50 predictions (bench:load --history; lib/drift/bounded-reads.int.test.ts).
 */
export const CONCEPT_LOOKBACK_PREDICTIONS = 2 * CONCEPT_REFERENCE_UNITS;

/** A compared unit of the active model, by its prediction's time. */
interface ComparedUnit {
  createdAt: Date;
  /** Its prediction's place in the walk back: 1 for the latest prediction before the walk's start. */
  rank: number;
  human: string;
  model: string;
}

function populationFilter(sure: ConceptPopulation): Prisma.Sql {
  return sure ? Prisma.sql`AND model_decides('PARTIAL', c.defect_score, ${sure.okThreshold}::float8, ${sure.defectThreshold}::float8)` : Prisma.empty;
}

/**
 * The compared units among the `lookback` predictions made before `before`,
 * newest first, at most `limit`: one walk back along the station's predictions
 * index, a comparison looked up per prediction, stopping at either bound
 * whatever the history. (Flattened into a join, the planner may instead read
 * the station's whole history with parallel workers: OFFSET 0 keeps it a lookup.)
 */
export function comparedBeforeQuery(
  scope: { stationId: string; modelVersionId: string },
  before: Date,
  bounds: { lookback: number; limit: number },
  sure: ConceptPopulation,
): Prisma.Sql {
  return Prisma.sql`
    SELECT p.created_at AS "createdAt", p.rank::int AS rank, c.human_label AS human, c.model_label AS model
      FROM (SELECT id, created_at, row_number() OVER (ORDER BY created_at DESC, id DESC) AS rank FROM predictions
             WHERE station_id = ${scope.stationId}::uuid AND model_version_id = ${scope.modelVersionId}::uuid AND created_at < ${before}
             ORDER BY created_at DESC, id DESC
             LIMIT ${bounds.lookback}::int) p
     CROSS JOIN LATERAL (
       SELECT c.human_label, c.model_label FROM comparisons c
        WHERE c.prediction_id = p.id AND c.model_role = 'ACTIVE' AND c.level <> 'FULL' ${populationFilter(sure)}
       OFFSET 0) c
     ORDER BY p.created_at DESC, p.id DESC
     LIMIT ${bounds.limit}::int`;
}

function comparedBefore(
  db: DbOrTx,
  stationId: string,
  modelVersionId: string,
  before: Date,
  bounds: { lookback: number; limit: number },
  sure: ConceptPopulation,
): Promise<ComparedUnit[]> {
  return db.$queryRaw<ComparedUnit[]>(comparedBeforeQuery({ stationId, modelVersionId }, before, bounds, sure));
}

function tally(units: Iterable<{ human: string; model: string }>): ConceptCounts {
  const perClass: ConceptCounts["perClass"] = {};
  let total = 0;
  let agree = 0;
  for (const { human, model } of units) {
    const counts = (perClass[human] ??= { support: 0, hits: 0 });
    counts.support++;
    total++;
    if (model === human) {
      counts.hits++;
      agree++;
    }
  }
  return { total, agree, perClass };
}

/**
 * The concept reference of every due window from one read: the latest
 * CONCEPT_REFERENCE_UNITS compared units among the CONCEPT_LOOKBACK_PREDICTIONS
 * predictions before each window's first prediction. Windows are `step`
 * predictions apart, so their references overlap; a run far behind reads
 * back from its last window once, far enough for the earlier ones, rather
 * than once per window.
 */
async function conceptReferences(
  db: DbOrTx,
  stationId: string,
  modelVersionId: string,
  befores: readonly Date[],
  sure: ConceptPopulation,
  step: number,
): Promise<(before: Date) => Promise<ConceptCounts>> {
  const last = befores.reduce((a, b) => (b > a ? b : a));
  // How many predictions each window's first one is behind the last window's first: the walk's ranks it skips.
  const skipped = new Map(
    (
      await db.$queryRaw<{ before: Date; n: number }[]>`
        SELECT b.before, (SELECT count(*) FROM predictions
                           WHERE station_id = ${stationId}::uuid AND model_version_id = ${modelVersionId}::uuid
                             AND created_at >= b.before AND created_at < ${last})::int AS n
          FROM unnest(${[...befores]}::timestamptz[]) AS b(before)`
    ).map((row) => [row.before.getTime(), row.n]),
  );
  const farthest = Math.max(0, ...skipped.values());
  // A prediction may be compared more than once (a second opinion): room for two per prediction between the windows.
  const limit = CONCEPT_REFERENCE_UNITS + 2 * step * Math.max(0, befores.length - 1);
  const units = await comparedBefore(db, stationId, modelVersionId, last, { lookback: farthest + CONCEPT_LOOKBACK_PREDICTIONS, limit }, sure);
  // Fewer than the limit: the walk reached its lookback (or the history's start) for every window.
  const complete = units.length < limit;
  return async (before) => {
    const skip = skipped.get(before.getTime()) ?? 0;
    const reference = units.filter((unit) => unit.rank > skip && unit.rank <= skip + CONCEPT_LOOKBACK_PREDICTIONS).slice(0, CONCEPT_REFERENCE_UNITS);
    if (reference.length === CONCEPT_REFERENCE_UNITS || complete) return tally(reference);
    return tally(await comparedBefore(db, stationId, modelVersionId, before, { lookback: CONCEPT_LOOKBACK_PREDICTIONS, limit: CONCEPT_REFERENCE_UNITS }, sure));
  };
}

/** The compared units among a window's predictions. */
async function windowConceptCounts(
  db: DbOrTx,
  stationId: string,
  modelVersionId: string,
  predictionIds: readonly string[],
  sure: ConceptPopulation,
): Promise<ConceptCounts> {
  const units = await db.$queryRaw<{ human: string; model: string }[]>`
    SELECT c.human_label AS human, c.model_label AS model FROM comparisons c
     WHERE c.prediction_id = ANY(${predictionIds as string[]}::uuid[]) AND c.station_id = ${stationId}::uuid AND c.model_version_id = ${modelVersionId}::uuid
       AND c.model_role = 'ACTIVE' AND c.level <> 'FULL' ${populationFilter(sure)}`;
  return tally(units);
}

export interface DriftRunOutcome {
  windows: number;
  opened: { kind: string; feature: string }[];
  closed: { kind: string; feature: string }[];
}

const keyOf = (check: { kind: string; feature: string }) => `${check.kind}/${check.feature}`;

/** Windows a live run catches up on at most (a station far behind is checked on its latest units). */
export const LIVE_MAX_WINDOWS = 40;

/**
 * Catches a station's drift monitoring up with its predictions: every
 * `step` predictions of the active model, the latest `windowSize` are checked
 * (data, prediction and concept drift), the checks are stored, and alerts open
 * and close with hysteresis, each change in the audit trail. Windows are fixed
 * by the count of predictions, so the outcome does not depend on when this
 * runs. One run per station at a time (an advisory lock); `maxWindows` bounds
 * a run that is far behind to the latest windows.
 */
export async function checkDrift(db: Db, stationId: string, options: { maxWindows?: number; policy?: DriftPolicy } = {}): Promise<DriftRunOutcome> {
  const policy = options.policy ?? DRIFT_POLICY;
  const outcome: DriftRunOutcome = { windows: 0, opened: [], closed: [] };
  return db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext('drift:' || ${stationId})) AS locked`;
      if (!lock?.locked) return outcome;
      // Background work: one core, never the parallel workers requests would wait behind.
      await tx.$executeRaw`SET LOCAL max_parallel_workers_per_gather = 0`;
      // Most runs complete no window: find out before reading the reference.
      const automation = await tx.stationAutomation.findUnique({
        where: { stationId },
        select: { activeModelId: true, level: true, okThreshold: true, defectThreshold: true, gateOverrides: true },
      });
      const modelVersionId = automation?.activeModelId;
      if (!modelVersionId) return outcome;
      const counted = await tx.predictionCount.findUnique({
        where: { stationId_modelVersionId: { stationId, modelVersionId } },
        select: { predictions: true },
      });
      const seen = Number(counted?.predictions ?? 0n);
      const last = await tx.driftCheck.aggregate({ where: { stationId, modelVersionId }, _max: { unitsSeen: true } });
      const firstDue = Math.max((last._max.unitsSeen ?? 0) + policy.step, Math.ceil(policy.windowSize / policy.step) * policy.step);
      const due: number[] = [];
      for (let end = firstDue; end <= seen; end += policy.step) due.push(end);
      const windows = options.maxWindows ? due.slice(-options.maxWindows) : due;
      if (windows.length === 0) return outcome;
      const found = await stationReference(tx, stationId);
      if (!found) return outcome;
      const { reference } = found;
      const population: ConceptPopulation =
        automation.level === "PARTIAL" ? { okThreshold: automation.okThreshold, defectThreshold: automation.defectThreshold } : null;

      // Every prediction the due windows cover, read once.
      const start = (windows[0] as number) - policy.windowSize;
      const rows = await windowRows(tx, stationId, modelVersionId, { after: start });

      // Alert states as the stored checks and open alerts leave them.
      const openAlerts = await tx.driftAlert.findMany({ where: { stationId, closedAt: null } });
      const openByKey = new Map(openAlerts.map((alert) => [keyOf(alert), alert]));
      const recent = await tx.driftCheck.findMany({
        where: { stationId, modelVersionId },
        orderBy: { unitsSeen: "desc" },
        take: 40 * Math.max(policy.openAfter, policy.closeAfter),
        select: { kind: true, feature: true, value: true, threshold: true, exceeded: true, unitsSeen: true },
      });
      const states = new Map<string, AlertState>();
      const history = new Map<string, typeof recent>();
      for (const check of [...recent].reverse()) history.set(keyOf(check), [...(history.get(keyOf(check)) ?? []), check]);
      const stateOf = (key: string) =>
        states.get(key) ?? replayAlertState(openByKey.has(key), history.get(key) ?? [], alertPolicyFor(key.split("/")[0] as string, policy));
      // Read (or fitted) once, when a window first holds units the model decided alone; null: the shadow era is too small.
      let calibration: StoredCalibration | null | undefined;
      const thresholds = { okThreshold: automation.okThreshold, defectThreshold: automation.defectThreshold };

      const firstRowOf = (end: number) => rows[end - policy.windowSize - start] as PredictionRow;
      const referenceBefore = await conceptReferences(
        tx,
        stationId,
        modelVersionId,
        windows.map((end) => firstRowOf(end).createdAt),
        population,
        policy.step,
      );
      for (const end of windows) {
        const window = rows.slice(end - policy.windowSize - start, end - start);
        const windowEnd = (window.at(-1) as PredictionRow).createdAt;
        const data = dataChecks(window, reference, policy);
        const inputsStable = !data.some((check) => check.exceeded) && ![...openByKey.keys()].some((key) => key.startsWith("data/"));
        const concept = conceptChecks(
          await referenceBefore((window[0] as PredictionRow).createdAt),
          await windowConceptCounts(
            tx,
            stationId,
            modelVersionId,
            window.map((row) => row.id),
            population,
          ),
          inputsStable,
          policy,
        );
        const checks: CheckResult[] = [...data, ...predictionChecks(window, reference, policy), ...concept];
        const alone = window.filter((row) => modelDecides(row.level, row.defectScore, thresholds));
        if (alone.length > 0) {
          if (calibration === undefined) calibration = await calibrationFor(tx, stationId, modelVersionId);
          const targets = gateTargetsFor(alone.some((row) => row.level === "FULL") ? "FULL" : "PARTIAL", parseGateOverrides(automation.gateOverrides));
          if (calibration && targets) {
            const estimate = estimatePerformance(
              calibration,
              alone.map((row) => ({ rate: calibratedRate(calibration as StoredCalibration, row.defectScore), decidedDefect: row.predictedDefect, count: 1 })),
            );
            const audited = await auditedUnitsUntil(tx, { stationId, modelVersionId, ...thresholds }, windowEnd);
            checks.push(...performanceChecks(estimate, auditAgainstEstimate(calibration, audited), targets, policy));
          }
        }
        await tx.driftCheck.createMany({
          data: checks.map((check) => ({
            stationId,
            modelVersionId,
            kind: check.kind,
            feature: check.feature,
            unitsSeen: end,
            windowSize: window.length,
            windowEnd,
            value: finite(check.value),
            threshold: finite(check.threshold),
            pValue: check.pValue === null ? null : finite(check.pValue),
            exceeded: check.exceeded,
            detail: check.detail as Prisma.InputJsonObject,
          })),
          skipDuplicates: true,
        });
        for (const check of checks) {
          const key = keyOf(check);
          const { state, transition } = nextAlertState(stateOf(key), check, alertPolicyFor(check.kind, policy));
          states.set(key, state);
          const snapshot = {
            value: check.value,
            threshold: check.threshold,
            pValue: check.pValue,
            unitsSeen: end,
            windowSize: window.length,
            reference: reference.label,
            ...(check.kind === "performance" ? { estimate: check.detail as Prisma.InputJsonObject } : {}),
          };
          const feature = check.feature;
          if (transition === "open") {
            const alert = await tx.driftAlert.create({
              data: { stationId, kind: check.kind, feature, openedAt: windowEnd, detail: snapshot as Prisma.InputJsonObject },
            });
            openByKey.set(key, alert);
            outcome.opened.push({ kind: check.kind, feature });
            await appendAudit(tx, {
              stationId,
              actor: SYSTEM,
              action: "DRIFT_ALERT_OPENED",
              reason: `${describeCheck(check)} for ${policy.openAfter} windows in a row`,
              evidence: snapshot,
              at: windowEnd,
            });
            // What was measured before the line changed no longer describes it.
            await startEvidence(tx, stationId, windowEnd, `a ${check.kind} drift alert opened on ${feature}`);
          } else if (transition === "close") {
            const alert = openByKey.get(key);
            if (alert) await tx.driftAlert.update({ where: { id: alert.id }, data: { closedAt: windowEnd } });
            openByKey.delete(key);
            outcome.closed.push({ kind: check.kind, feature });
            await appendAudit(tx, {
              stationId,
              actor: SYSTEM,
              action: "DRIFT_ALERT_CLOSED",
              reason: `${check.kind} drift on ${feature} cleared for ${policy.closeAfter} windows in a row`,
              evidence: snapshot,
              at: windowEnd,
            });
          }
        }
        outcome.windows += 1;
      }
      return outcome;
    },
    { timeout: 120_000 },
  );
}

/** One line for the trail, e.g. "data drift on brightness: PSI 0.412 > 0.133 (KS p 1e-9)". */
export function describeCheck(check: Pick<CheckResult, "kind" | "feature" | "value" | "threshold" | "pValue"> & { detail?: CheckDetail }): string {
  if (check.kind === "performance") return describePerformance(check);
  const statistic = check.kind === "data" || check.feature === "defect-score" ? "PSI" : "z";
  const p = check.pValue === null ? "" : ` (${check.kind === "data" ? "KS " : ""}p ${check.pValue.toPrecision(2)})`;
  return `${check.kind} drift on ${check.feature}: ${statistic} ${check.value.toFixed(3)} > ${check.threshold.toFixed(3)}${p}`;
}

/** A performance check in words: what the estimate or the audit says, against what. */
function describePerformance(check: Pick<CheckResult, "feature" | "value" | "threshold"> & { detail?: CheckDetail }): string {
  const percent = (value: number | null) => (value === null ? "–" : `${(value * 100).toFixed(1)}%`);
  const z = `z ${check.value.toFixed(2)} > ${check.threshold.toFixed(2)}`;
  const detail = check.detail;
  if (detail?.shape === "rate") {
    return `the audit found ${percent(detail.rate)} agreement on ${detail.units ?? "?"} units where the label-free estimate expected ${percent(detail.referenceRate)} (${z}): its calibration no longer holds`;
  }
  if (detail?.shape !== "estimate") return `${check.feature}: ${z}`;
  const figure = check.feature.replace("estimated-", "").replace("false-rejects", "false-reject rate").replace("recall", "defect recall");
  const side = detail.direction === "at-most" ? "above" : "below";
  return `estimated ${figure} ${percent(detail.rate)} (95% ${percent(detail.low)} to ${percent(detail.high)}) ${side} the gate's ${percent(detail.target)} (${z})`;
}

function finite(value: number): number {
  return Number.isFinite(value) ? value : value > 0 ? 1e9 : -1e9;
}
