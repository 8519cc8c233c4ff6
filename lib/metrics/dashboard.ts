import type { DbOrTx } from "../db/index.ts";
import { OK_LABEL } from "../stations/index.ts";
import { agreementOf, cohensKappa } from "./agreement.ts";
import { calibrationOf, type Calibration } from "./calibration.ts";
import { classScoresOf, type ClassScores } from "./class-scores.ts";
import { binaryMatrix, confusionMatrixFromCounts, type ConfusionMatrix } from "./confusion-matrix.ts";
import type { EvidenceFilter } from "./evidence-filter.ts";
import { CONFIDENCE_BINS, decisionTimeQuantile } from "./bins.ts";
import {
  agreementCountsByDay,
  agreementCountsBySlice,
  confidenceCounts,
  decisionTimeCounts,
  defectScoreCounts,
  labelTriples,
  type SliceDimension,
} from "./evidence-queries.ts";
import { operatingPointOf, thresholdWhatIf, type OperatingPoint } from "./threshold-what-if.ts";
import { wilsonInterval, type Proportion } from "./wilson.ts";

export interface DayAgreement {
  day: string;
  agreement: Proportion;
  binaryAgreement: Proportion;
}

export interface SliceAgreement {
  dimension: SliceDimension;
  key: string;
  name: string;
  agreement: Proportion;
}

export interface ConfidenceBin {
  low: number;
  high: number;
  agreements: number;
  disagreements: number;
}

export interface TimeToDecideDay {
  day: string;
  verdicts: number;
  /** From the log-scale histogram: within 10% of the exact value. */
  medianMs: number | null;
  p90Ms: number | null;
}

export interface Dashboard {
  filter: EvidenceFilter;
  units: number;
  agreement: Proportion;
  binaryAgreement: Proportion;
  kappa: number | null;
  binaryKappa: number | null;
  /** Rows: the inspector; columns: the model. */
  confusion: ConfusionMatrix;
  /** Per class, against the adjudicated truth where there is one, else the inspector. */
  classScores: ClassScores[];
  /** Among adjudicated units: how often each side was wrong. */
  adjudicated: { units: number; modelErrors: Proportion; humanErrors: Proportion };
  byDay: DayAgreement[];
  /** Worst agreement first. */
  slices: SliceAgreement[];
  confidence: ConfidenceBin[];
  calibration: Calibration;
  timeToDecide: TimeToDecideDay[];
  whatIf: OperatingPoint[];
  /** The selected station's own thresholds replayed, when one station is selected. */
  stationOperatingPoint: OperatingPoint | null;
}

/**
 * Everything the dashboard shows for a filter: six SQL aggregates over the
 * daily rollups, run side by side, then the statistics on their counts. `labels` orders the confusion
 * matrix (the taxonomy); `thresholds` are the selected station's.
 */
export async function evidenceDashboard(
  db: DbOrTx,
  filter: EvidenceFilter,
  labels: readonly string[],
  thresholds: { okThreshold: number; defectThreshold: number } | null,
): Promise<Dashboard> {
  const [triples, days, slices, confidence, scores, timeToDecide] = await Promise.all([
    labelTriples(db, filter),
    agreementCountsByDay(db, filter),
    agreementCountsBySlice(db, filter),
    confidenceCounts(db, filter),
    defectScoreCounts(db, filter),
    decisionTimeCounts(db, filter),
  ]);
  const confusion = confusionMatrixFromCounts(
    labels,
    triples.map((t) => ({ reference: t.human, predicted: t.model, count: t.count })),
  );
  const againstTruth = confusionMatrixFromCounts(
    labels,
    triples.map((t) => ({ reference: t.truth ?? t.human, predicted: t.model, count: t.count })),
  );
  const settled = triples.filter((t) => t.truth !== null);
  const settledUnits = settled.reduce((sum, t) => sum + t.count, 0);
  const errors = (side: "human" | "model") =>
    wilsonInterval(
      settled.reduce((sum, t) => sum + (t[side] !== t.truth ? t.count : 0), 0),
      settledUnits,
    );
  const binary = binaryMatrix(confusion, OK_LABEL);
  return {
    filter,
    units: triples.reduce((sum, t) => sum + t.count, 0),
    agreement: agreementOf(confusion),
    binaryAgreement: agreementOf(binary),
    kappa: cohensKappa(confusion),
    binaryKappa: cohensKappa(binary),
    confusion,
    classScores: classScoresOf(againstTruth),
    adjudicated: { units: settledUnits, modelErrors: errors("model"), humanErrors: errors("human") },
    byDay: days.map((d) => ({ day: d.day, agreement: wilsonInterval(d.agreements, d.units), binaryAgreement: wilsonInterval(d.binaryAgreements, d.units) })),
    slices: slices
      .map((s) => ({ dimension: s.dimension, key: s.key, name: s.name, agreement: wilsonInterval(s.agreements, s.units) }))
      .sort((a, b) => (a.agreement.rate ?? 1) - (b.agreement.rate ?? 1) || b.agreement.n - a.agreement.n),
    confidence: Array.from({ length: CONFIDENCE_BINS }, (_, bin) => {
      const counts = confidence.find((c) => c.bin === bin);
      return {
        low: bin / CONFIDENCE_BINS,
        high: (bin + 1) / CONFIDENCE_BINS,
        agreements: counts?.agreements ?? 0,
        disagreements: (counts?.units ?? 0) - (counts?.agreements ?? 0),
      };
    }),
    calibration: calibrationOf(
      confidence.map((c) => ({ bin: c.bin, count: c.units, confidenceSum: c.confidenceSum, correct: c.correct })),
      CONFIDENCE_BINS,
    ),
    timeToDecide: [...new Set(timeToDecide.map((t) => t.day))].map((day) => {
      const bins = timeToDecide.filter((t) => t.day === day);
      return { day, verdicts: bins.reduce((sum, b) => sum + b.units, 0), medianMs: decisionTimeQuantile(bins, 0.5), p90Ms: decisionTimeQuantile(bins, 0.9) };
    }),
    whatIf: thresholdWhatIf(scores),
    stationOperatingPoint: thresholds ? operatingPointOf(scores, thresholds.okThreshold, thresholds.defectThreshold) : null,
  };
}
