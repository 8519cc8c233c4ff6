import type { DbOrTx } from "../db/index.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { EVIDENCE_REFERENCE, INDEPENDENT_EVIDENCE, nextUtcMidnight } from "./evidence.ts";
import { levelRank } from "./levels.ts";
import { OK_LABEL } from "../stations/index.ts";

// Replays a station's recorded evidence (the active model's prediction beside
// the inspector's verdict on every compared unit) under a proposed level and
// thresholds: what the model would have decided alone, and at what cost.

/**
 * The levels a what-if may replay for a station at `current`: those where the
 * model decides alone (partial, full) that are the station's own level or the
 * one above it. The ladder goes one level at a time, so a replay of a level
 * two steps away is no decision anyone can take; below AI assistance the
 * nearest such level, partial, is offered for planning and labelled so.
 */
export function whatIfLevels(current: AutomationLevel): { level: "PARTIAL" | "FULL"; isReachable: boolean }[] {
  const rank = levelRank(current);
  const levels = (["PARTIAL", "FULL"] as const).filter((level) => levelRank(level) >= rank && levelRank(level) <= rank + 1);
  return levels.length > 0 ? levels.map((level) => ({ level, isReachable: true })) : [{ level: "PARTIAL", isReachable: false }];
}

export interface WhatIfProposal {
  level: AutomationLevel;
  okThreshold: number;
  defectThreshold: number;
  auditShare: number;
}

export interface ReplayCounts {
  units: number;
  /** Units the model could decide alone under the proposal (before the audit share). */
  decidable: number;
  /** Of those, units the human rejected that the model would have passed. */
  escapedDefects: number;
  /** Of those, units the human passed that the model would have rejected. */
  falseRejects: number;
  /** Of those, units where the model's label differs from the human's. */
  disagreements: number;
  /** Mean recorded time to decide of the decidable units, in ms (null where none was recorded). */
  meanDecisionMs: number | null;
}

export interface WhatIfResult extends ReplayCounts {
  proposal: WhatIfProposal;
  /** Expected units decided by the model alone: the decidable ones less the audit share. */
  decidedByModel: number;
  shareDecidedByModel: number | null;
  expectedEscapedDefects: number;
  escapedPerThousand: number | null;
  expectedFalseRejects: number;
  disagreementRateAmongDecided: number | null;
  inspectorHoursSaved: number | null;
}

/** The pure part: expected values from the replayed counts. */
export function whatIfFromCounts(counts: ReplayCounts, proposal: WhatIfProposal): WhatIfResult {
  const alone = 1 - proposal.auditShare;
  const decidedByModel = counts.decidable * alone;
  const expectedEscapedDefects = counts.escapedDefects * alone;
  return {
    ...counts,
    proposal,
    decidedByModel,
    shareDecidedByModel: counts.units > 0 ? decidedByModel / counts.units : null,
    expectedEscapedDefects,
    escapedPerThousand: counts.units > 0 ? (1000 * expectedEscapedDefects) / counts.units : null,
    expectedFalseRejects: counts.falseRejects * alone,
    disagreementRateAmongDecided: counts.decidable > 0 ? counts.disagreements / counts.decidable : null,
    inspectorHoursSaved: counts.meanDecisionMs === null ? null : (decidedByModel * counts.meanDecisionMs) / 3_600_000,
  };
}

/**
 * Replays the compared units of `modelVersionId` at the station since `since`.
 * At PARTIAL the model decides where its P(defect) is at or below okThreshold
 * (it passes the unit) or at or above defectThreshold (it rejects it); at FULL
 * every unit, passing those it labels OK; below PARTIAL, none.
 *
 * Exact at any threshold, at a cost that does not grow with history: whole
 * UTC days come from `what_if_daily` (the comparisons' rollup trigger keeps it
 * in the same transaction as each write), whose P(defect) bins lie wholly on
 * one side of each threshold except the (at most two) a threshold falls in;
 * `comparisons` is read only for the part-day the replay begins in and, at
 * PARTIAL, for those bins' units (through comparisons_what_if_idx).
 */
export async function replayWhatIf(
  db: DbOrTx,
  scope: { stationId: string; modelVersionId: string; since: Date },
  proposal: WhatIfProposal,
): Promise<WhatIfResult> {
  const isFull = proposal.level === "FULL";
  const isPartial = proposal.level === "PARTIAL";
  const firstDayEnd = nextUtcMidnight(scope.since);
  const thresholdBins = Prisma.sql`score_bin(${proposal.okThreshold}::float8), score_bin(${proposal.defectThreshold}::float8)`;
  const ours = Prisma.sql`station_id = ${scope.stationId}::uuid AND model_version_id = ${scope.modelVersionId}::uuid`;
  const [row] = await db.$queryRaw<
    { units: number; decidable: number; escaped: number; false_rejects: number; disagreements: number; mean_ms: number | null }[]
  >`
    WITH scanned AS (
      SELECT ${EVIDENCE_REFERENCE} AS reference, model_label, defect_score, time_to_decide_ms
        FROM comparisons
       WHERE ${ours} AND decided_at >= ${scope.since} AND decided_at < ${firstDayEnd} AND ${INDEPENDENT_EVIDENCE}
      UNION ALL
      -- The units of a threshold's bin on later days, through comparisons_what_if_idx; none below PARTIAL or at FULL,
      -- where scores do not matter. The bins are constants when planned, so the planner weighs them with the index's own
      -- statistics (a bin joined from a subquery is costed as an average one, and lost to a sequential scan).
      SELECT ${EVIDENCE_REFERENCE}, model_label, defect_score, time_to_decide_ms
        FROM comparisons
       WHERE ${isPartial} AND score_bin(defect_score) IN (${thresholdBins}) AND ${ours}
         AND decided_at >= ${firstDayEnd} AND ${INDEPENDENT_EVIDENCE}
    ), replay AS (
      SELECT reference, model_label, 1 AS units, (time_to_decide_ms IS NOT NULL)::int AS timed_units, coalesce(time_to_decide_ms, 0)::bigint AS ms_sum,
             model_decides(${proposal.level}::"AutomationLevel", defect_score, ${proposal.okThreshold}::float8, ${proposal.defectThreshold}::float8) AS decidable,
             CASE WHEN ${isFull} THEN model_label = ${OK_LABEL} ELSE defect_score <= ${proposal.okThreshold} END AS model_passes
        FROM scanned
      UNION ALL
      -- Whole days, by bin: a bin below the ok threshold's holds scores under it, one above the defect threshold's scores over it.
      SELECT reference, model_label, units, timed_units, time_to_decide_ms_sum,
             ${isFull} OR (${isPartial} AND (score_bin < score_bin(${proposal.okThreshold}::float8) OR score_bin > score_bin(${proposal.defectThreshold}::float8))),
             CASE WHEN ${isFull} THEN model_label = ${OK_LABEL} ELSE score_bin < score_bin(${proposal.okThreshold}::float8) END
        FROM what_if_daily
       WHERE ${ours} AND day >= (${firstDayEnd}::timestamptz AT TIME ZONE 'UTC')::date
         AND NOT (${isPartial} AND score_bin IN (${thresholdBins}))
    )
    SELECT coalesce(sum(units), 0)::int AS units,
           coalesce(sum(units) FILTER (WHERE decidable), 0)::int AS decidable,
           coalesce(sum(units) FILTER (WHERE decidable AND reference <> ${OK_LABEL} AND model_passes), 0)::int AS escaped,
           coalesce(sum(units) FILTER (WHERE decidable AND reference = ${OK_LABEL} AND NOT model_passes), 0)::int AS false_rejects,
           coalesce(sum(units) FILTER (WHERE decidable AND reference <> model_label), 0)::int AS disagreements,
           (sum(ms_sum) FILTER (WHERE decidable))::float8 / nullif(sum(timed_units) FILTER (WHERE decidable), 0) AS mean_ms
      FROM replay`;
  return whatIfFromCounts(
    {
      units: row?.units ?? 0,
      decidable: row?.decidable ?? 0,
      escapedDefects: row?.escaped ?? 0,
      falseRejects: row?.false_rejects ?? 0,
      disagreements: row?.disagreements ?? 0,
      meanDecisionMs: row?.mean_ms ?? null,
    },
    proposal,
  );
}
