import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { wilsonInterval, Z_95 } from "../metrics/wilson.ts";

// The evidence a station needs before the model may do more of the work, and
// the judgement of that evidence: pure functions of counts the database
// aggregates (lib/automation/evidence.ts).

export type GateId = "evidence" | "agreement" | "defect-recall" | "false-reject" | "kappa" | "drift";
export type GateStatus = "pass" | "fail" | "undecided";

export interface GateTargets {
  /** Compared units (model prediction beside a human verdict) needed before any gate can pass. */
  minUnits: number;
  /** Units the human rejected, among them. */
  minDefects: number;
  /** The lower end of the 95% Wilson interval on agreement must reach this. */
  agreement: number;
  /** ...and on defect recall against the human (human rejects that the model rejects too). */
  defectRecall: number;
  /** The upper end of the 95% Wilson interval on the false-reject rate must stay at or under this. */
  falseReject: number;
  /** Cohen's kappa (multi-class) must reach this. */
  kappa: number;
}

/** Levels a promotion can aim at with evidence: below AI assistance the model decides nothing a person sees. */
export const GATED_LEVELS = ["AI_ASSIST", "PARTIAL", "FULL"] as const satisfies readonly AutomationLevel[];
export type GatedLevel = (typeof GATED_LEVELS)[number];

export function isGatedLevel(level: AutomationLevel): level is GatedLevel {
  return (GATED_LEVELS as readonly string[]).includes(level);
}

/** DESIGN.md's gates; a station may override any of them per target level. */
export const GATE_DEFAULTS: Record<GatedLevel, GateTargets> = {
  // At AI assistance a person still decides every unit: the bar is that suggestions are mostly right.
  AI_ASSIST: { minUnits: 200, minDefects: 20, agreement: 0.8, defectRecall: 0.7, falseReject: 0.15, kappa: 0.5 },
  PARTIAL: { minUnits: 500, minDefects: 50, agreement: 0.9, defectRecall: 0.95, falseReject: 0.05, kappa: 0.75 },
  FULL: { minUnits: 2000, minDefects: 200, agreement: 0.95, defectRecall: 0.97, falseReject: 0.03, kappa: 0.85 },
};

/** Counts over the compared units in scope (one station, one model version, one era or canary step). */
export interface GateEvidence {
  units: number;
  /** Units where the model said exactly what the human said. */
  agreements: number;
  humanDefects: number;
  /** Human defects the model also called a defect (of any class). */
  caughtDefects: number;
  humanOk: number;
  /** Human-OK units the model would have rejected. */
  falseRejects: number;
  kappa: number | null;
  /** Cohen's (1960) large-sample standard error of kappa. */
  kappaStandardError: number | null;
  openDriftAlerts: number;
}

export interface GateResult {
  id: GateId;
  label: string;
  status: GateStatus;
  value: number | null;
  interval: [number, number] | null;
  /** `value` (or the interval's bound) must be >= target, or <= target where `direction` is "at-most". */
  target: number;
  direction: "at-least" | "at-most";
  /** Where undecided: how many more compared units (at today's rates) would decide it, if more can. */
  moreUnits: number | null;
}

export interface GateReport {
  targetLevel: AutomationLevel;
  targets: GateTargets | null;
  gates: GateResult[];
  /** Every gate passes: the promotion may be approved without an override. */
  passed: boolean;
  /** Some gate fails outright: at PARTIAL or FULL, the station is demoted. */
  broken: boolean;
}

const MAX_UNITS = 10_000_000;

/**
 * A gate fails before its minimum evidence only when its whole interval is on
 * the wrong side, and only from this many units on: the gates are looked at
 * after every verdict, and one unlucky unit must never demote a station.
 */
export const EARLY_FAIL_MIN_UNITS = 30;

/**
 * The fewest extra trials at the observed rate that bring the Wilson bound
 * past the target, or null if no number of them would (the rate itself is on
 * the wrong side). `bound` picks the interval end the gate tests.
 */
export function trialsToClear(successes: number, n: number, target: number, bound: "low" | "high"): number | null {
  if (n === 0) return null;
  const rate = successes / n;
  const clears = (total: number) => {
    const interval = wilsonInterval(Math.round(rate * total), total);
    return bound === "low" ? interval.low >= target : interval.high <= target;
  };
  if (clears(n)) return 0;
  if (!clears(MAX_UNITS)) return null;
  let low = n;
  let high = n * 2;
  while (!clears(high)) [low, high] = [high, Math.min(high * 2, MAX_UNITS)];
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (clears(middle)) high = middle;
    else low = middle;
  }
  return high - n;
}

/** Extra trials (of a kind that is `share` of all units) expressed as units. */
function asUnits(trials: number | null, share: number): number | null {
  if (trials === null) return null;
  if (trials === 0) return 0;
  return share > 0 ? Math.ceil(trials / share) : null;
}

function evidenceGate(evidence: GateEvidence, targets: GateTargets): GateResult {
  const shortOfUnits = Math.max(0, targets.minUnits - evidence.units);
  const defectRate = evidence.units > 0 ? evidence.humanDefects / evidence.units : 0;
  const shortOfDefects = Math.max(0, targets.minDefects - evidence.humanDefects);
  const forDefects = shortOfDefects === 0 ? 0 : defectRate > 0 ? Math.ceil(shortOfDefects / defectRate) : null;
  const enough = shortOfUnits === 0 && shortOfDefects === 0;
  return {
    id: "evidence",
    label: `Enough evidence (${targets.minUnits} units, ${targets.minDefects} defects)`,
    status: enough ? "pass" : "undecided",
    value: evidence.units,
    interval: null,
    target: targets.minUnits,
    direction: "at-least",
    moreUnits: enough ? null : forDefects === null ? null : Math.max(shortOfUnits, forDefects),
  };
}

/**
 * A proportion gate: passes when its Wilson bound clears the target on enough
 * evidence; fails when the whole interval is on the wrong side, or the rate
 * itself is once the evidence suffices; otherwise is not yet decidable.
 */
function proportionGate(
  id: GateId,
  label: string,
  successes: number,
  n: number,
  target: number,
  direction: "at-least" | "at-most",
  enoughEvidence: boolean,
  shareOfUnits: number,
  units: number,
): GateResult {
  const interval = wilsonInterval(successes, n);
  const rate = interval.rate;
  const base = { id, label, value: rate, interval: n > 0 ? ([interval.low, interval.high] as [number, number]) : null, target, direction };
  const boundClears = direction === "at-least" ? interval.low >= target : interval.high <= target;
  const wholeIntervalWrong = n > 0 && units >= EARLY_FAIL_MIN_UNITS && (direction === "at-least" ? interval.high < target : interval.low > target);
  const rateWrong = rate !== null && (direction === "at-least" ? rate < target : rate > target);
  if (wholeIntervalWrong || (enoughEvidence && rateWrong)) return { ...base, status: "fail", moreUnits: null };
  if (enoughEvidence && boundClears) return { ...base, status: "pass", moreUnits: null };
  const trials = rateWrong ? null : trialsToClear(successes, n, target, direction === "at-least" ? "low" : "high");
  return { ...base, status: "undecided", moreUnits: asUnits(trials, shareOfUnits) };
}

function kappaGate(evidence: GateEvidence, target: number, enoughEvidence: boolean): GateResult {
  const { kappa, kappaStandardError: se } = evidence;
  const interval: [number, number] | null = kappa !== null && se !== null ? [kappa - Z_95 * se, Math.min(1, kappa + Z_95 * se)] : null;
  const base = { id: "kappa" as const, label: "Cohen's kappa", value: kappa, interval, target, direction: "at-least" as const, moreUnits: null };
  const earlyFail = interval !== null && interval[1] < target && evidence.units >= EARLY_FAIL_MIN_UNITS;
  if (kappa !== null && (earlyFail || (enoughEvidence && kappa < target))) return { ...base, status: "fail" };
  if (kappa !== null && enoughEvidence) return { ...base, status: "pass" };
  return { ...base, status: "undecided" };
}

function driftGate(evidence: GateEvidence): GateResult {
  return {
    id: "drift",
    label: "No open drift alert",
    status: evidence.openDriftAlerts === 0 ? "pass" : "fail",
    value: evidence.openDriftAlerts,
    interval: null,
    target: 0,
    direction: "at-most",
    moreUnits: null,
  };
}

/**
 * Judges the evidence for running at `targetLevel`. Levels without gates
 * (humans only, shadow) only need no open drift alert.
 */
export function evaluateGates(evidence: GateEvidence, targetLevel: AutomationLevel, targets: GateTargets | null): GateReport {
  const gates: GateResult[] = [];
  if (targets) {
    const enough = evidenceGate(evidence, targets);
    const isEnough = enough.status === "pass";
    const defectShare = evidence.units > 0 ? evidence.humanDefects / evidence.units : 0;
    const okShare = evidence.units > 0 ? evidence.humanOk / evidence.units : 0;
    gates.push(
      enough,
      proportionGate("agreement", "Agreement with inspectors (95% lower bound)", evidence.agreements, evidence.units, targets.agreement, "at-least", isEnough, 1, evidence.units),
      proportionGate("defect-recall", "Defect recall against inspectors (95% lower bound)", evidence.caughtDefects, evidence.humanDefects, targets.defectRecall, "at-least", isEnough, defectShare, evidence.units),
      proportionGate("false-reject", "False-reject rate (95% upper bound)", evidence.falseRejects, evidence.humanOk, targets.falseReject, "at-most", isEnough, okShare, evidence.units),
      kappaGate(evidence, targets.kappa, isEnough),
    );
  }
  gates.push(driftGate(evidence));
  return {
    targetLevel,
    targets,
    gates,
    passed: gates.every((gate) => gate.status === "pass"),
    broken: gates.some((gate) => gate.status === "fail"),
  };
}

/** The station's targets for a level: the defaults with its overrides on top. */
export function gateTargetsFor(level: AutomationLevel, overrides: Partial<Record<AutomationLevel, Partial<GateTargets>>> = {}): GateTargets | null {
  if (!isGatedLevel(level)) return null;
  return { ...GATE_DEFAULTS[level], ...(overrides[level] ?? {}) };
}

/** One line per failing or undecided gate, for reasons in the audit trail and refusals. */
export function describeUnmetGates(report: GateReport): string[] {
  const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
  return report.gates
    .filter((gate) => gate.status !== "pass")
    .map((gate) => {
      const isRate = gate.id === "agreement" || gate.id === "defect-recall" || gate.id === "false-reject";
      const shown = gate.value === null ? "no data" : isRate ? percent(gate.value) : gate.id === "kappa" ? gate.value.toFixed(2) : String(gate.value);
      const target = isRate ? percent(gate.target) : gate.id === "kappa" ? gate.target.toFixed(2) : String(gate.target);
      return `${gate.label}: ${shown} (target ${gate.direction === "at-least" ? ">=" : "<="} ${target}, ${gate.status === "fail" ? "fails" : "not yet decidable"})`;
    });
}
