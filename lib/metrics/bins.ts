// The bins the evidence rollups are kept in: the same rules as the SQL
// functions of the migration 20261125000000_comparisons (lighting_bucket,
// confidence_bin, score_bin, decision_time_bin); bins.int.test.ts proves it.

export const CONFIDENCE_BINS = 20;
/** P(defect) histogram resolution: what-if thresholds count to the nearest 1/SCORE_BINS. */
export const SCORE_BINS = 200;
export const DECISION_TIME_BINS = 100;
const DECISION_TIME_BASE_MS = 100;
const DECISION_TIME_RATIO = 1.1;

/** The bin of a value in [0, 1] among `bins` equal-width bins, 1.0 in the last one. */
export function equalWidthBinOf(value: number, bins: number): number {
  return Math.min(bins - 1, Math.max(0, Math.floor(value * bins)));
}

export function confidenceBinOf(confidence: number): number {
  return equalWidthBinOf(confidence, CONFIDENCE_BINS);
}

export function scoreBinOf(defectScore: number): number {
  return equalWidthBinOf(defectScore, SCORE_BINS);
}

export function decisionTimeBinOf(ms: number): number {
  return Math.min(DECISION_TIME_BINS - 1, Math.floor(Math.log(Math.max(ms, DECISION_TIME_BASE_MS) / DECISION_TIME_BASE_MS) / Math.log(DECISION_TIME_RATIO)));
}

/** The time range [low, high) ms of a decision-time bin (bin 0 starts at 0). */
export function decisionTimeRangeOf(bin: number): { low: number; high: number } {
  return {
    low: bin === 0 ? 0 : DECISION_TIME_BASE_MS * DECISION_TIME_RATIO ** bin,
    high: DECISION_TIME_BASE_MS * DECISION_TIME_RATIO ** (bin + 1),
  };
}

/**
 * A quantile of decision times from their histogram, interpolated linearly
 * inside the bin it falls in: within 10% of the exact value, since bins are
 * 10% wide. Null without data.
 */
export function decisionTimeQuantile(bins: readonly { bin: number; units: number }[], q: number): number | null {
  const sorted = [...bins].filter((b) => b.units > 0).sort((a, b) => a.bin - b.bin);
  const total = sorted.reduce((sum, b) => sum + b.units, 0);
  if (total === 0) return null;
  const target = q * total;
  let before = 0;
  for (const b of sorted) {
    if (before + b.units >= target) {
      const { low, high } = decisionTimeRangeOf(b.bin);
      return low + ((target - before) / b.units) * (high - low);
    }
    before += b.units;
  }
  return decisionTimeRangeOf(sorted.at(-1)!.bin).high;
}
