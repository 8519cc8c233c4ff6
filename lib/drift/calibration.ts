import { Z_95 } from "../metrics/index.ts";

// Confidence-based performance estimation (CBPE): once the model decides
// units alone, nobody labels them, but its score still says how likely each
// one is defective. Calibrated on the station's own shadow era (where a person
// judged every unit), the scores give the expected number of defects passed,
// good units rejected and labels right, so recall, false-reject rate and
// agreement can be estimated on every unit, with the sampling uncertainty of
// a sum of Bernoulli trials. The estimate holds while the calibration does:
// the audit share tests that on the units it sees.

/** A station's calibration of one model version: P(defective | P(defect) score) as a step function. */
export interface ScoreCalibration {
  /**
   * Block boundaries, ascending: a score falls in block i where i is the
   * number of bounds at or below it (PostgreSQL's width_bucket, from 0).
   */
  bounds: number[];
  /** P(the unit is defective) in each block: isotonic, so never decreasing. */
  rates: number[];
  /** Of the units the model and the reference both called defective, the share given the same class. */
  classRight: number;
  /** Shadow units fitted on, and how many of them were defective. */
  units: number;
  defects: number;
}

/** One shadow-era unit: the model's P(defect), and what the reference (the adjudicated truth, else the inspector) said. */
export interface CalibrationPoint {
  score: number;
  defective: boolean;
  /** The model's own label was a defect class... */
  modelDefective: boolean;
  /** ...and the same one as the reference's. */
  sameClass: boolean;
}

/** Shadow units a calibration needs, and defects among them, before it is fitted at all. */
export const MIN_CALIBRATION_UNITS = 200;
export const MIN_CALIBRATION_DEFECTS = 20;

/**
 * Isotonic regression of "defective" on the score (pool adjacent violators):
 * the non-decreasing step function closest to the observed rates in squared
 * error. Units with the same score share a block; a boundary sits halfway
 * between the scores of neighbouring blocks.
 */
export function fitCalibration(points: readonly CalibrationPoint[]): ScoreCalibration {
  const sorted = [...points].sort((a, b) => a.score - b.score);
  // Units of one score first make one block, then blocks pool while one's rate falls below the one before it.
  const ties: { low: number; high: number; defects: number; units: number }[] = [];
  for (const point of sorted) {
    const last = ties.at(-1);
    if (last && last.high === point.score) {
      last.units += 1;
      last.defects += point.defective ? 1 : 0;
    } else {
      ties.push({ low: point.score, high: point.score, units: 1, defects: point.defective ? 1 : 0 });
    }
  }
  const blocks: typeof ties = [];
  for (const tie of ties) {
    blocks.push({ ...tie });
    while (blocks.length >= 2) {
      const b = blocks.at(-1) as (typeof blocks)[number];
      const a = blocks.at(-2) as (typeof blocks)[number];
      if (a.defects / a.units <= b.defects / b.units) break;
      blocks.splice(-2, 2, { low: a.low, high: b.high, units: a.units + b.units, defects: a.defects + b.defects });
    }
  }
  const bothDefective = points.filter((p) => p.defective && p.modelDefective);
  return {
    bounds: blocks.slice(1).map((block, i) => ((blocks[i] as (typeof blocks)[number]).high + block.low) / 2),
    rates: blocks.map((block) => block.defects / block.units),
    classRight: bothDefective.length > 0 ? bothDefective.filter((p) => p.sameClass).length / bothDefective.length : 1,
    units: points.length,
    defects: points.filter((p) => p.defective).length,
  };
}

/** The block a score falls in (as PostgreSQL's width_bucket(score, bounds) counts them). */
export function blockOf(calibration: Pick<ScoreCalibration, "bounds">, score: number): number {
  let block = 0;
  while (block < calibration.bounds.length && (calibration.bounds[block] as number) <= score) block++;
  return block;
}

/** P(defective) the calibration gives a score. */
export function calibratedRate(calibration: ScoreCalibration, score: number): number {
  return calibration.rates[blockOf(calibration, score)] ?? 0;
}

/** Units of one calibration block the model decided one way: what the estimate sums over. */
export interface UnitGroup {
  /** P(defective) of the group's block. */
  rate: number;
  /** The model rejected them (any defect class). */
  decidedDefect: boolean;
  count: number;
}

/** An estimated proportion and its 95% interval (sampling only: the calibration is taken as true). */
export interface Estimated {
  rate: number | null;
  low: number | null;
  high: number | null;
  /** Its standard error. */
  sd: number | null;
}

export interface PerformanceEstimate {
  /** Units the model decided alone. */
  units: number;
  /** Expected share with the right label (a pass on a good unit, the right class on a defective one). */
  agreement: Estimated;
  /** Expected share of the defective units that the model rejected. */
  recall: Estimated;
  /** Expected share of the good units that the model rejected. */
  falseRejects: Estimated;
  /** Expected defective units among them. */
  expectedDefects: number;
}

const NONE: Estimated = { rate: null, low: null, high: null, sd: null };

function interval(rate: number, variance: number): Estimated {
  const sd = Math.sqrt(Math.max(0, variance));
  return { rate, low: Math.max(0, rate - Z_95 * sd), high: Math.min(1, rate + Z_95 * sd), sd };
}

/**
 * A ratio A / (A + B) of two independent sums of Bernoulli trials, with the
 * delta method's variance: (B² Var A + A² Var B) / (A + B)⁴.
 */
function ratio(a: number, varA: number, b: number, varB: number): Estimated {
  const total = a + b;
  if (!(total > 0)) return NONE;
  return interval(a / total, (b * b * varA + a * a * varB) / total ** 4);
}

/** What the calibrated scores say about units the model decided, summed per group. */
export function estimatePerformance(calibration: Pick<ScoreCalibration, "classRight">, groups: readonly UnitGroup[]): PerformanceEstimate {
  let units = 0;
  let right = 0;
  let rightVariance = 0;
  // Defective units the model rejected (caught) and passed (missed); good units it rejected and passed.
  let caught = 0;
  let missed = 0;
  let rejectedGood = 0;
  let passedGood = 0;
  // Var of a Bernoulli(p) count is p(1 - p), alike whether defective or good units are counted.
  let rejectedVariance = 0;
  let passedVariance = 0;
  for (const { rate: p, decidedDefect, count } of groups) {
    if (count <= 0) continue;
    units += count;
    const q = decidedDefect ? p * calibration.classRight : 1 - p;
    right += count * q;
    rightVariance += count * q * (1 - q);
    if (decidedDefect) {
      caught += count * p;
      rejectedGood += count * (1 - p);
      rejectedVariance += count * p * (1 - p);
    } else {
      missed += count * p;
      passedGood += count * (1 - p);
      passedVariance += count * p * (1 - p);
    }
  }
  return {
    units,
    agreement: units > 0 ? interval(right / units, rightVariance / (units * units)) : NONE,
    recall: ratio(caught, rejectedVariance, missed, passedVariance),
    falseRejects: ratio(rejectedGood, rejectedVariance, passedGood, passedVariance),
    expectedDefects: caught + missed,
  };
}

/** An audited unit: what the model decided, its score, and whether the reference agreed with its label. */
export interface AuditedUnit {
  score: number;
  decidedDefect: boolean;
  agreed: boolean;
}

export interface AuditCheck {
  units: number;
  /** Agreements the calibration expects on these very units, and those the audit found. */
  expected: number;
  observed: number;
  /** (expected − observed) / its standard error under the calibration: large when the audit finds the model worse than estimated. */
  z: number;
}

/**
 * Whether the calibration still holds, on the audited units themselves: the
 * agreements they showed against the sum of their expected agreements. The
 * variance is the Bernoulli sum's, so the test is only as wide as the units'
 * own uncertainty (the joint uncertainty of the estimate and the measurement
 * on the same units).
 */
export function auditAgainstEstimate(calibration: ScoreCalibration, audited: readonly AuditedUnit[]): AuditCheck {
  let expected = 0;
  let variance = 0;
  let observed = 0;
  for (const unit of audited) {
    const p = calibratedRate(calibration, unit.score);
    const q = unit.decidedDefect ? p * calibration.classRight : 1 - p;
    expected += q;
    variance += q * (1 - q);
    observed += unit.agreed ? 1 : 0;
  }
  const gap = expected - observed;
  const z = variance > 0 ? gap / Math.sqrt(variance) : gap > 0 ? Number.POSITIVE_INFINITY : 0;
  return { units: audited.length, expected, observed, z };
}
