import { equalWidthBinOf } from "./bins.ts";

/** One bin of a reliability diagram, as SQL aggregates it. */
export interface CalibrationBinCounts {
  /** Bin index in 0..bins-1 over confidence [0, 1]. */
  bin: number;
  count: number;
  /** Sum of the model's confidence over the bin's units. */
  confidenceSum: number;
  /** Units in the bin where the model's label was right (matched the reference). */
  correct: number;
}

export interface ReliabilityBin {
  low: number;
  high: number;
  count: number;
  meanConfidence: number | null;
  accuracy: number | null;
}

export interface Calibration {
  bins: ReliabilityBin[];
  /** Expected calibration error: sum over bins of (n_b / N) * |accuracy_b - confidence_b|. Null without data. */
  ece: number | null;
}

/** The bin a confidence falls in: equal-width bins, 1.0 in the last one (confidenceBinOf for the rollups' 20). */
export function calibrationBinOf(confidence: number, bins: number): number {
  return equalWidthBinOf(confidence, bins);
}

/** Reliability bins and ECE (Naeini et al. 2015; Guo et al. 2017) from per-bin counts. */
export function calibrationOf(counts: readonly CalibrationBinCounts[], bins: number): Calibration {
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const result: ReliabilityBin[] = Array.from({ length: bins }, (_, b) => ({
    low: b / bins,
    high: (b + 1) / bins,
    count: 0,
    meanConfidence: null,
    accuracy: null,
  }));
  let ece = 0;
  for (const c of counts) {
    if (c.count === 0) continue;
    const bin = result[c.bin];
    if (!bin) throw new RangeError(`calibration bin ${c.bin} outside 0..${bins - 1}`);
    const meanConfidence = c.confidenceSum / c.count;
    const accuracy = c.correct / c.count;
    Object.assign(bin, { count: c.count, meanConfidence, accuracy });
    ece += (c.count / total) * Math.abs(accuracy - meanConfidence);
  }
  return { bins: result, ece: total === 0 ? null : ece };
}

/** The same from raw samples: for tests and small in-memory sets. */
export function calibrationOfSamples(samples: readonly { confidence: number; correct: boolean }[], bins: number): Calibration {
  const counts = new Map<number, CalibrationBinCounts>();
  for (const s of samples) {
    const bin = calibrationBinOf(s.confidence, bins);
    const c = counts.get(bin) ?? { bin, count: 0, confidenceSum: 0, correct: 0 };
    c.count += 1;
    c.confidenceSum += s.confidence;
    c.correct += s.correct ? 1 : 0;
    counts.set(bin, c);
  }
  return calibrationOf([...counts.values()], bins);
}
