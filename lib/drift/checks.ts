import type { AuditCheck, Estimated, PerformanceEstimate } from "./calibration.ts";
import { chiSquareCdf, chiSquareQuantile } from "./chi-square.ts";
import { ksAgainstCdf } from "./ks.ts";
import { histogram, psi, psiAlertThreshold } from "./psi.ts";
import { FEATURES, type DriftReference, type ReferenceRow } from "./reference.ts";

/**
 * How drift is watched on a station: every `step` predictions of its active
 * model, the latest `windowSize` are compared with the reference at a
 * false-alarm rate `alpha` per feature per window (Bonferroni-corrected over the
 * statistics of a kind). An alert opens after `openAfter` windows in a row past
 * the threshold, and closes after `closeAfter` windows in a row below
 * `clearFraction` of it (a window's worth of new units: hysteresis).
 */
export interface DriftPolicy {
  windowSize: number;
  step: number;
  alpha: number;
  openAfter: number;
  closeAfter: number;
  clearFraction: number;
  minConceptUnits: number;
  minClassUnits: number;
}

export const DRIFT_POLICY: Readonly<DriftPolicy> = {
  windowSize: 200,
  step: 50,
  alpha: 0.01,
  openAfter: 2,
  closeAfter: 4,
  clearFraction: 0.5,
  /** Judged units a window (and what came before it) needs for concept drift. */
  minConceptUnits: 100,
  /** Human-labelled units of a class, on both sides, for its recall to be tested. */
  minClassUnits: 20,
};
export type DriftKind = "data" | "prediction" | "concept" | "performance";

/** What a check saw besides its statistic, by the shape /drift draws it in. */
export type CheckDetail =
  /** A distribution against the reference's (data drift, the scores' PSI). */
  | { shape: "distribution"; counts: number[]; referenceShares: number[]; edges: number[]; mean?: number; ks?: number | null }
  /** A rate now against the reference's (predicted defect rate, agreement and recall drops, the audit against the estimate). */
  | { shape: "rate"; rate: number; referenceRate: number; units?: number; referenceUnits?: number; inputsStable?: boolean }
  /** A label-free estimate against the level's gate. */
  | { shape: "estimate"; rate: number; low: number | null; high: number | null; target: number; direction: "at-least" | "at-most"; units: number }
  /** Nothing to draw (a check stored before details had shapes, or one that does not parse). */
  | { shape: "none" };

export interface CheckResult {
  kind: DriftKind;
  feature: string;
  value: number;
  threshold: number;
  pValue: number | null;
  exceeded: boolean;
  detail: CheckDetail;
}

export type WindowRow = ReferenceRow;

/** z past which a one-sided test at level alpha rejects: the normal's (1 - alpha) quantile. */
export function zOneSided(alpha: number): number {
  return Math.sqrt(chiSquareQuantile(1 - 2 * alpha, 1));
}

/** Two-sided p-value of a standard normal z. */
function pTwoSided(z: number): number {
  return 1 - chiSquareCdf(z * z, 1);
}

/** Data drift: per input feature, PSI against the calibrated threshold, and the KS test's p-value beside it. */
export function dataChecks(window: readonly WindowRow[], reference: DriftReference, policy: DriftPolicy = DRIFT_POLICY): CheckResult[] {
  return FEATURES.map((feature) => {
    const values = window.map((row) => row[feature]);
    const { edges, counts: referenceCounts, cdf } = reference.features[feature];
    const counts = histogram(values, edges);
    const value = psi(referenceCounts, counts) ?? 0;
    const threshold = psiAlertThreshold({
      referenceSize: reference.size,
      windowSize: values.length,
      bins: counts.length,
      alpha: policy.alpha,
      features: FEATURES.length,
    });
    const ks = ksAgainstCdf(values, cdf, reference.size);
    const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    return {
      kind: "data",
      feature,
      value,
      threshold,
      pValue: ks?.pValue ?? null,
      exceeded: value > threshold,
      detail: { shape: "distribution", ks: ks?.statistic ?? null, mean, counts, referenceShares: shares(referenceCounts), edges: edges.slice(1, -1) },
    };
  });
}

/** Prediction drift: the predicted defect rate (two-sided two-proportion test) and, against a baseline, the scores' PSI. */
export function predictionChecks(window: readonly WindowRow[], reference: DriftReference, policy: DriftPolicy = DRIFT_POLICY): CheckResult[] {
  const tests = (reference.defectRate ? 1 : 0) + (reference.scores ? 1 : 0);
  const results: CheckResult[] = [];
  if (reference.defectRate && window.length > 0) {
    const m = window.length;
    const rate = window.filter((row) => row.predictedDefect).length / m;
    const z = twoProportionZ(reference.defectRate.rate, reference.defectRate.size, rate, m);
    const threshold = zOneSided(policy.alpha / (2 * tests));
    results.push({
      kind: "prediction",
      feature: "defect-rate",
      value: Math.abs(z),
      threshold,
      pValue: pTwoSided(z),
      exceeded: Math.abs(z) > threshold,
      detail: { shape: "rate", rate, referenceRate: reference.defectRate.rate },
    });
  }
  if (reference.scores && window.length > 0) {
    const counts = histogram(
      window.map((row) => row.defectScore),
      reference.scores.edges,
    );
    const value = psi(reference.scores.counts, counts) ?? 0;
    const threshold = psiAlertThreshold({
      referenceSize: reference.scoresSize ?? reference.size,
      windowSize: window.length,
      bins: counts.length,
      alpha: policy.alpha,
      features: tests,
    });
    results.push({
      kind: "prediction",
      feature: "defect-score",
      value,
      threshold,
      pValue: null,
      exceeded: value > threshold,
      detail: { shape: "distribution", counts, referenceShares: shares(reference.scores.counts), edges: reference.scores.edges.slice(1, -1) },
    });
  }
  return results;
}

/** Human-vs-model counts over a set of judged units: agreement, and per human label how often the model said the same. */
export interface ConceptCounts {
  total: number;
  agree: number;
  perClass: Record<string, { support: number; hits: number }>;
}

/**
 * Concept drift: agreement, and each defect class's recall (the human as
 * reference), lower in the window than before it, by a one-sided
 * two-proportion test. Only counted as drift while the inputs are stable: a
 * drop that comes with data drift is that data drift's consequence.
 */
export function conceptChecks(before: ConceptCounts, current: ConceptCounts, inputsStable: boolean, policy: DriftPolicy = DRIFT_POLICY): CheckResult[] {
  if (before.total < policy.minConceptUnits || current.total < policy.minConceptUnits) return [];
  const classes = Object.keys(current.perClass)
    .filter((label) => label !== "ok")
    .filter((label) => (before.perClass[label]?.support ?? 0) >= policy.minClassUnits && (current.perClass[label]?.support ?? 0) >= policy.minClassUnits)
    .sort();
  const threshold = zOneSided(policy.alpha / (1 + classes.length));
  const drop = (feature: string, beforeHits: number, beforeN: number, hits: number, n: number): CheckResult => {
    const z = twoProportionZ(beforeHits / beforeN, beforeN, hits / n, n, -1);
    return {
      kind: "concept",
      feature,
      value: z,
      threshold,
      pValue: z > 0 ? pTwoSided(z) / 2 : 1 - pTwoSided(z) / 2,
      exceeded: inputsStable && z > threshold,
      detail: { shape: "rate", rate: hits / n, referenceRate: beforeHits / beforeN, units: n, referenceUnits: beforeN, inputsStable },
    };
  };
  return [
    drop("agreement", before.agree, before.total, current.agree, current.total),
    ...classes.map((label) => {
      const b = before.perClass[label] as { support: number; hits: number };
      const c = current.perClass[label] as { support: number; hits: number };
      return drop(`recall:${label}`, b.hits, b.support, c.hits, c.support);
    }),
  ];
}

/** Units the model decided alone a window needs for the label-free estimate to be checked. */
export const ESTIMATE_MIN_UNITS = 50;
/** Audited units the estimate is held against: the latest AUDIT_SPAN up to the window's end, and at least AUDIT_MIN_UNITS. */
export const AUDIT_SPAN = 200;
export const AUDIT_MIN_UNITS = 30;

/** The level's gate targets the estimate is held to. */
export interface EstimateTargets {
  agreement: number;
  defectRecall: number;
  falseReject: number;
}

/**
 * Performance without labels, on the units the model decided alone in a
 * window: each estimated figure against the gate of the level it runs at (a
 * one-sided z of its shortfall, so an estimate merely near the gate does not
 * alert), and the audit's agreements against those the calibration expects
 * on the same audited units (the calibration no longer holds: concept drift).
 * An audit better than expected does not alert: it makes no unit less safe.
 */
export function performanceChecks(
  estimate: PerformanceEstimate,
  audit: AuditCheck | null,
  targets: EstimateTargets,
  policy: DriftPolicy = DRIFT_POLICY,
): CheckResult[] {
  const results: CheckResult[] = [];
  const threshold = zOneSided(policy.alpha / 4);
  if (estimate.units >= ESTIMATE_MIN_UNITS) {
    const short = (feature: string, figure: Estimated, target: number, direction: "at-least" | "at-most") => {
      if (figure.rate === null || figure.sd === null) return;
      const gap = direction === "at-least" ? target - figure.rate : figure.rate - target;
      const z = figure.sd > 0 ? gap / figure.sd : gap > 0 ? Number.POSITIVE_INFINITY : gap < 0 ? Number.NEGATIVE_INFINITY : 0;
      results.push({
        kind: "performance",
        feature,
        value: z,
        threshold,
        pValue: null,
        exceeded: z > threshold,
        detail: { shape: "estimate", rate: figure.rate, low: figure.low, high: figure.high, target, direction, units: estimate.units },
      });
    };
    short("estimated-agreement", estimate.agreement, targets.agreement, "at-least");
    short("estimated-recall", estimate.recall, targets.defectRecall, "at-least");
    short("estimated-false-rejects", estimate.falseRejects, targets.falseReject, "at-most");
  }
  if (audit && audit.units >= AUDIT_MIN_UNITS) {
    results.push({
      kind: "performance",
      feature: "audit-vs-estimate",
      value: audit.z,
      threshold,
      pValue: audit.z > 0 ? pTwoSided(audit.z) / 2 : 1 - pTwoSided(audit.z) / 2,
      exceeded: audit.z > threshold,
      detail: { shape: "rate", rate: audit.observed / audit.units, referenceRate: audit.expected / audit.units, units: audit.units },
    });
  }
  return results;
}

/**
 * z of the change from proportion p1 (of n1) to p2 (of n2), pooled; `direction`
 * -1 measures a drop (positive when p2 < p1).
 */
export function twoProportionZ(p1: number, n1: number, p2: number, n2: number, direction: 1 | -1 = 1): number {
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return 0;
  return (direction * (p2 - p1)) / se;
}

function shares(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
}
