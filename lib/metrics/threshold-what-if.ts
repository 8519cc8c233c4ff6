import { SCORE_BINS } from "./bins.ts";
import { wilsonInterval, type Proportion } from "./wilson.ts";

/** Units whose model P(defect) fell in [bin / SCORE_BINS, (bin + 1) / SCORE_BINS), by the human's binary answer. */
export interface ScoreBinCounts {
  bin: number;
  humanOk: number;
  humanDefect: number;
}

export interface OperatingPoint {
  /** The model passes a unit alone at or below this P(defect)... */
  okThreshold: number;
  /** ...and rejects it alone at or above this one. */
  defectThreshold: number;
  units: number;
  /** Share of all units the model would decide alone. */
  decided: Proportion;
  /** Among those, the share where the human said otherwise. */
  disagreement: Proportion;
  /** Units the model would pass that the human rejected: escapes. */
  escapedDefects: number;
  /** Units the model would reject that the human passed. */
  falseRejects: number;
}

const EPSILON = 1e-9;

/**
 * What the model would have done alone at the given thresholds, replayed on
 * recorded shadow evidence: a unit is decided when its P(defect) is at or
 * below okThreshold (passed) or at or above defectThreshold (rejected), and the
 * decision disagrees when the human said otherwise. Works on the histogram, so
 * thresholds count to the nearest bin edge.
 */
export function operatingPointOf(bins: readonly ScoreBinCounts[], okThreshold: number, defectThreshold: number): OperatingPoint {
  let units = 0;
  let decided = 0;
  let escapedDefects = 0;
  let falseRejects = 0;
  for (const b of bins) {
    const n = b.humanOk + b.humanDefect;
    units += n;
    const low = b.bin / SCORE_BINS;
    const high = (b.bin + 1) / SCORE_BINS;
    if (high <= okThreshold + EPSILON) {
      decided += n;
      escapedDefects += b.humanDefect;
    } else if (low >= defectThreshold - EPSILON) {
      decided += n;
      falseRejects += b.humanOk;
    }
  }
  return {
    okThreshold,
    defectThreshold,
    units,
    decided: wilsonInterval(decided, units),
    disagreement: wilsonInterval(escapedDefects + falseRejects, decided),
    escapedDefects,
    falseRejects,
  };
}

/**
 * The what-if curve: for each confidence threshold t from 0.5 up, the model
 * decides units with P(defect) <= 1 - t or >= t. Higher t decides fewer units
 * and (usually) disagrees less.
 */
export function thresholdWhatIf(bins: readonly ScoreBinCounts[], step = 0.01): OperatingPoint[] {
  const points: OperatingPoint[] = [];
  for (let i = 0; 0.5 + i * step < 1 - EPSILON; i++) {
    const t = Math.round((0.5 + i * step) * 1e6) / 1e6;
    points.push(operatingPointOf(bins, 1 - t, t));
  }
  return points;
}
