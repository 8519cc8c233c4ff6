import { z } from "zod";
import type { DbOrTx } from "../db/index.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { cohensKappa, kappaStandardError, confusionMatrixFromCounts } from "../metrics/index.ts";
import { OK_LABEL } from "../stations/index.ts";
import { escapeGateEvidence, escapeGateOf } from "./escape-gate.ts";
import { modelMayDecide } from "./routing.ts";
import { evaluateGates, gateTargetsFor, type GateEvidence, type GateReport, type GateTargets } from "./gates.ts";

// Named SQL for the gates: the compared units of one station and model
// version, aggregated in the database (comparisons is indexed by station and
// time), folded into the counts lib/automation/gates.ts judges.

export interface EvidenceScope {
  stationId: string;
  modelVersionId: string;
  since: Date;
  /** Only units that ran at this level (a canary's share of the station). */
  level?: AutomationLevel | null;
  /**
   * Only the units the model would decide alone at this level: at PARTIAL
   * those scored at or below okThreshold or at or above defectThreshold; at
   * FULL every unit; below PARTIAL, also every unit (the model decides none,
   * so all of them are its evidence).
   */
  decidingAt?: { level: AutomationLevel; okThreshold: number; defectThreshold: number };
}

/**
 * What counts as evidence among compared units: a verdict given without the
 * model's suggestion (shadow, the blind share at AI assistance, the audit
 * share at partial and full), or any unit whose truth was adjudicated. An
 * assisted verdict measures how often people followed the suggestion
 * (automation bias), so it counts only through its adjudicated truth.
 */
export const INDEPENDENT_EVIDENCE = Prisma.sql`(NOT suggestion_shown OR truth IS NOT NULL)`;
/** The reference label of an independent compared unit: the inspector's, or for an assisted one its adjudicated truth. */
export const EVIDENCE_REFERENCE = Prisma.sql`(CASE WHEN suggestion_shown THEN truth ELSE human_label END)`;

/** The UTC midnight after `at`: evidence_counts holds whole UTC days. */
export function nextUtcMidnight(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}

/**
 * The gates' counts for a scope, at a cost that does not grow with history:
 * the day the evidence began from `comparisons`, every later day from
 * `evidence_counts`, which the comparisons' rollup trigger keeps in the same
 * transaction as each write.
 */
export async function gateEvidence(db: DbOrTx, scope: EvidenceScope): Promise<GateEvidence> {
  const level = scope.level ?? null;
  // Below PARTIAL the model decides nothing alone, so every unit is its evidence.
  const deciding = scope.decidingAt && modelMayDecide(scope.decidingAt.level) ? scope.decidingAt : null;
  const decides = deciding
    ? Prisma.sql`model_decides(${deciding.level}::"AutomationLevel", defect_score, ${deciding.okThreshold}::float8, ${deciding.defectThreshold}::float8)`
    : Prisma.sql`true`;
  // evidence_counts knows whether the model would decide a unit at PARTIAL; at FULL it decides every unit.
  const onlyConfident = deciding?.level === "PARTIAL";
  const now = Date.now();
  // The pace "more units" is told in: this week's compared units (from the UTC midnight seven days back, so whole days
  // of evidence_counts hold them), or since the evidence began if later, and over an hour at least.
  const weekStart = nextUtcMidnight(new Date(now - 8 * 86_400_000));
  const paceFrom = new Date(Math.min(now - 3_600_000, Math.max(scope.since.getTime(), weekStart.getTime())));
  const firstDayEnd = nextUtcMidnight(scope.since);
  const [pairs, alerts] = await Promise.all([
    db.$queryRaw<{ human_label: string; model_label: string; units: number; recent: number }[]>`
      WITH first_day AS (
        SELECT ${EVIDENCE_REFERENCE} AS reference, model_label, count(*) AS units, count(*) FILTER (WHERE decided_at >= ${paceFrom}) AS recent
        FROM comparisons
        WHERE station_id = ${scope.stationId}::uuid
          AND model_version_id = ${scope.modelVersionId}::uuid
          AND decided_at >= ${scope.since} AND decided_at < ${firstDayEnd}
          AND ${INDEPENDENT_EVIDENCE}
          AND (${level}::text IS NULL OR level::text = ${level}::text)
          AND ${decides}
        GROUP BY 1, 2
      ), later_days AS (
        -- The pace window begins at a UTC midnight, or within the first day: whole later days are in it or not.
        SELECT reference, model_label, sum(units) AS units, coalesce(sum(units) FILTER (WHERE day >= (${paceFrom}::timestamptz AT TIME ZONE 'UTC')::date), 0) AS recent
        FROM evidence_counts
        WHERE station_id = ${scope.stationId}::uuid
          AND model_version_id = ${scope.modelVersionId}::uuid
          AND day >= (${firstDayEnd}::timestamptz AT TIME ZONE 'UTC')::date
          AND (${level}::text IS NULL OR level::text = ${level}::text)
          AND (${!onlyConfident} OR confident)
        GROUP BY 1, 2
      )
      SELECT reference AS human_label, model_label, sum(units)::int AS units, sum(recent)::int AS recent
      FROM (SELECT * FROM first_day UNION ALL SELECT * FROM later_days) AS counted
      GROUP BY 1, 2
      HAVING sum(units) > 0`,
    openDriftAlertCount(db, scope.stationId),
  ]);
  const recent = pairs.reduce((sum, pair) => sum + pair.recent, 0);
  return { ...evidenceFromPairs(pairs, alerts), unitsPerDay: (recent * 86_400_000) / (now - paceFrom.getTime()) };
}

export async function openDriftAlertCount(db: DbOrTx, stationId: string): Promise<number> {
  return db.driftAlert.count({ where: { stationId, closedAt: null } });
}

/** Folds (human label, model label, units) rows into the gates' counts. */
export function evidenceFromPairs(pairs: readonly { human_label: string; model_label: string; units: number }[], openDriftAlerts: number): GateEvidence {
  const evidence: GateEvidence = {
    units: 0,
    agreements: 0,
    humanDefects: 0,
    caughtDefects: 0,
    humanOk: 0,
    falseRejects: 0,
    kappa: null,
    kappaStandardError: null,
    openDriftAlerts,
    unitsPerDay: null,
  };
  for (const { human_label: human, model_label: model, units } of pairs) {
    evidence.units += units;
    if (human === model) evidence.agreements += units;
    if (human === OK_LABEL) {
      evidence.humanOk += units;
      if (model !== OK_LABEL) evidence.falseRejects += units;
    } else {
      evidence.humanDefects += units;
      if (model !== OK_LABEL) evidence.caughtDefects += units;
    }
  }
  const matrix = confusionMatrixFromCounts(
    [OK_LABEL],
    pairs.map((p) => ({ reference: p.human_label, predicted: p.model_label, count: p.units })),
  );
  evidence.kappa = cohensKappa(matrix);
  evidence.kappaStandardError = kappaStandardError(matrix);
  return evidence;
}

const targetsSchema = z
  .object({
    minUnits: z.number().int().min(0),
    minDefects: z.number().int().min(0),
    agreement: z.number().min(0).max(1),
    defectRecall: z.number().min(0).max(1),
    falseReject: z.number().min(0).max(1),
    kappa: z.number().min(-1).max(1),
  })
  .partial();
export const gateOverridesSchema = z.partialRecord(z.enum(["HUMAN_ONLY", "SHADOW", "AI_ASSIST", "PARTIAL", "FULL"]), targetsSchema);

/** The station's overrides as stored, or none where they do not parse (the defaults then apply). */
export function parseGateOverrides(stored: unknown): Partial<Record<AutomationLevel, Partial<GateTargets>>> {
  const parsed = gateOverridesSchema.safeParse(stored);
  return parsed.success ? parsed.data : {};
}

export interface StationAutomationState {
  stationId: string;
  level: AutomationLevel;
  activeModelId: string | null;
  candidateModelId: string | null;
  okThreshold: number;
  defectThreshold: number;
  auditShare: number;
  blindShare: number;
  canaryShare: number;
  canaryFromLevel: AutomationLevel | null;
  canarySteps: unknown;
  canaryStepIndex: number;
  canaryStepStartedAt: Date | null;
  canaryMinUnits: number;
  gateOverrides: unknown;
  eraStartedAt: Date;
  evidenceSince: Date;
  evidenceSinceReason: string;
  driftDemotes: boolean;
  singlePersonApproval: boolean;
  escapeGatePerMillion: number | null;
  escapeGateUnits: number | null;
}

/**
 * The gates for running `targetLevel`, on the evidence of `modelVersionId`
 * (default: the active model) since the station's evidence began: it lasts
 * across level changes, and restarts only on what invalidates it.
 */
export async function stationGateReport(
  db: DbOrTx,
  automation: StationAutomationState,
  targetLevel: AutomationLevel,
  modelVersionId: string | null = automation.activeModelId,
): Promise<{ report: GateReport; evidence: GateEvidence }> {
  const targets = gateTargetsFor(targetLevel, parseGateOverrides(automation.gateOverrides));
  const evidence = modelVersionId
    ? await gateEvidence(db, {
        stationId: automation.stationId,
        modelVersionId,
        since: automation.evidenceSince,
        decidingAt: { level: targetLevel, okThreshold: automation.okThreshold, defectThreshold: automation.defectThreshold },
      })
    : evidenceFromPairs([], await openDriftAlertCount(db, automation.stationId));
  const escapes = escapeGateOf(automation);
  if (targetLevel === "FULL" && escapes) evidence.escapes = await escapeGateEvidence(db, automation.stationId, escapes);
  return { report: evaluateGates(evidence, targetLevel, targets), evidence };
}
