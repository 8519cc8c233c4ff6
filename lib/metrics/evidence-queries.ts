// Named aggregates over the daily evidence rollups (kept from `comparisons` by
// triggers), each one SQL statement returning a few hundred rows at most,
// whatever the number of units. The maths on the counts lives in the pure modules.
import type { DbOrTx } from "../db/index.ts";
import { OK_LABEL } from "../stations/index.ts";
import { rollupWhere, type EvidenceFilter } from "./evidence-filter.ts";
import { LIGHTING_BUCKETS } from "./lighting.ts";
import type { ScoreBinCounts } from "./threshold-what-if.ts";

export interface LabelTriple {
  human: string;
  model: string;
  /** The adjudicated truth, where there is one. */
  truth: string | null;
  count: number;
}

/** Comparisons counted by (human label, model label, truth): confusion matrices and error rates come from these. */
export async function labelTriples(db: DbOrTx, filter: EvidenceFilter): Promise<LabelTriple[]> {
  const rows = await db.$queryRaw<{ human: string; model: string; truth: string; count: bigint }[]>`
    SELECT r.human_label AS human, r.model_label AS model, r.truth, sum(r.units) AS count
      FROM evidence_daily r
     WHERE ${rollupWhere(filter)}
     GROUP BY 1, 2, 3
    HAVING sum(r.units) > 0`;
  return rows.map((r) => ({ human: r.human, model: r.model, truth: r.truth === "" ? null : r.truth, count: Number(r.count) }));
}

export interface DayCounts {
  /** YYYY-MM-DD, UTC. */
  day: string;
  units: number;
  agreements: number;
  /** Agreement on OK vs defect, whatever the defect class. */
  binaryAgreements: number;
}

export async function agreementCountsByDay(db: DbOrTx, filter: EvidenceFilter): Promise<DayCounts[]> {
  const rows = await db.$queryRaw<{ day: string; units: bigint; agreements: bigint; binary_agreements: bigint }[]>`
    SELECT to_char(r.day, 'YYYY-MM-DD') AS day,
           sum(r.units) AS units,
           COALESCE(sum(r.units) FILTER (WHERE r.human_label = r.model_label), 0) AS agreements,
           COALESCE(sum(r.units) FILTER (WHERE (r.human_label = ${OK_LABEL}) = (r.model_label = ${OK_LABEL})), 0) AS binary_agreements
      FROM evidence_daily r
     WHERE ${rollupWhere(filter)}
     GROUP BY r.day
    HAVING sum(r.units) > 0
     ORDER BY r.day`;
  return rows.map((r) => ({ day: r.day, units: Number(r.units), agreements: Number(r.agreements), binaryAgreements: Number(r.binary_agreements) }));
}

export type SliceDimension = "station" | "inspector" | "lighting";

export interface SliceCounts {
  dimension: SliceDimension;
  /** Station slug, inspector id or lighting bucket key. */
  key: string;
  name: string;
  units: number;
  agreements: number;
}

/** Agreement per station, per inspector and per lighting bucket, in one pass (GROUPING SETS). */
export async function agreementCountsBySlice(db: DbOrTx, filter: EvidenceFilter): Promise<SliceCounts[]> {
  const rows = await db.$queryRaw<
    {
      station_id: string | null;
      inspector_id: string | null;
      lighting: string | null;
      grouping: number;
      units: bigint;
      agreements: bigint;
      station_slug: string | null;
      station_name: string | null;
      inspector_name: string | null;
    }[]
  >`
    WITH slices AS (
      SELECT r.station_id, r.inspector_id, r.lighting, GROUPING(r.station_id, r.inspector_id, r.lighting)::int AS grouping,
             sum(r.units) AS units, COALESCE(sum(r.units) FILTER (WHERE r.human_label = r.model_label), 0) AS agreements
        FROM evidence_daily r
       WHERE ${rollupWhere(filter)}
       GROUP BY GROUPING SETS ((r.station_id), (r.inspector_id), (r.lighting))
      HAVING sum(r.units) > 0
    )
    SELECT slices.*, s.slug AS station_slug, s.name AS station_name, u.name AS inspector_name
      FROM slices
      LEFT JOIN stations s ON s.id = slices.station_id
      LEFT JOIN users u ON u.id = slices.inspector_id`;
  return rows.map((r) => {
    // GROUPING(station, inspector, lighting) sets a bit, station's the highest, for each argument the row is NOT grouped by.
    const dimension: SliceDimension = r.grouping === 0b011 ? "station" : r.grouping === 0b101 ? "inspector" : "lighting";
    const base = { units: Number(r.units), agreements: Number(r.agreements) };
    if (dimension === "station") return { dimension, key: r.station_slug ?? "", name: r.station_name ?? "", ...base };
    if (dimension === "inspector")
      return { dimension, key: r.inspector_id ?? "", name: r.inspector_id ? (r.inspector_name ?? r.inspector_id) : "Imported labels", ...base };
    const bucket = LIGHTING_BUCKETS.find((b) => b.key === r.lighting);
    return { dimension, key: r.lighting ?? "", name: bucket?.label ?? String(r.lighting), ...base };
  });
}

export interface ConfidenceBinCounts {
  bin: number;
  units: number;
  agreements: number;
  confidenceSum: number;
  /** Model label equal to the reference: the adjudicated truth where there is one, else the human. */
  correct: number;
}

/** The model's confidence in CONFIDENCE_BINS equal bins: the agree/disagree histogram and the reliability diagram. */
export async function confidenceCounts(db: DbOrTx, filter: EvidenceFilter): Promise<ConfidenceBinCounts[]> {
  const rows = await db.$queryRaw<{ bin: number; units: bigint; agreements: bigint; confidence_sum: number; correct: bigint }[]>`
    SELECT r.confidence_bin::int AS bin,
           sum(r.units) AS units,
           COALESCE(sum(r.units) FILTER (WHERE r.human_label = r.model_label), 0) AS agreements,
           sum(r.confidence_sum)::float8 AS confidence_sum,
           COALESCE(sum(r.units) FILTER (WHERE r.model_label = COALESCE(NULLIF(r.truth, ''), r.human_label)), 0) AS correct
      FROM evidence_daily r
     WHERE ${rollupWhere(filter)}
     GROUP BY 1
    HAVING sum(r.units) > 0
     ORDER BY 1`;
  return rows.map((r) => ({
    bin: r.bin,
    units: Number(r.units),
    agreements: Number(r.agreements),
    confidenceSum: r.confidence_sum,
    correct: Number(r.correct),
  }));
}

/** The P(defect) histogram by the human's OK/defect answer, for the threshold what-if. */
export async function defectScoreCounts(db: DbOrTx, filter: EvidenceFilter): Promise<ScoreBinCounts[]> {
  const rows = await db.$queryRaw<{ bin: number; human_ok: bigint; human_defect: bigint }[]>`
    SELECT r.score_bin::int AS bin,
           COALESCE(sum(r.units) FILTER (WHERE NOT r.human_says_defect), 0) AS human_ok,
           COALESCE(sum(r.units) FILTER (WHERE r.human_says_defect), 0) AS human_defect
      FROM evidence_scores_daily r
     WHERE ${rollupWhere(filter)}
     GROUP BY 1
     ORDER BY 1`;
  return rows.map((r) => ({ bin: r.bin, humanOk: Number(r.human_ok), humanDefect: Number(r.human_defect) }));
}

export interface DecisionTimeCounts {
  day: string;
  bin: number;
  units: number;
}

/** How long inspectors took per verdict: a log-scale histogram per day. */
export async function decisionTimeCounts(db: DbOrTx, filter: EvidenceFilter): Promise<DecisionTimeCounts[]> {
  const rows = await db.$queryRaw<{ day: string; bin: number; units: bigint }[]>`
    SELECT to_char(r.day, 'YYYY-MM-DD') AS day, r.time_bin::int AS bin, sum(r.units) AS units
      FROM evidence_decision_times_daily r
     WHERE ${rollupWhere(filter)}
     GROUP BY r.day, r.time_bin
    HAVING sum(r.units) > 0
     ORDER BY r.day, r.time_bin`;
  return rows.map((r) => ({ day: r.day, bin: r.bin, units: Number(r.units) }));
}
