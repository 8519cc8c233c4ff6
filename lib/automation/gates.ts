import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { wilsonInterval, Z_95 } from "../metrics/index.ts";
import type { EscapeGateEvidence } from "./escape-gate.ts";

// The evidence a station needs before the model may do more of the work, and
// the judgement of that evidence: pure functions of counts the database
// aggregates (lib/automation/evidence.ts).

export type GateId = "evidence" | "agreement" | "defect-recall" | "false-reject" | "kappa" | "drift" | "escapes";
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
  /** Compared units a day in scope over the last week (or since the evidence began, if later): the pace "more units" is told in. */
  unitsPerDay: number | null;
  /** For FULL, where the station requires the escape gate: the model's last decided units and the defects found among them. */
  escapes?: EscapeGateEvidence | null;
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
  /** Where undecided: why, in words, when the number alone does not say it (no value, never at this rate, ...). */
  note: string | null;
}

export interface GateReport {
  targetLevel: AutomationLevel;
  targets: GateTargets | null;
  gates: GateResult[];
  /** Every gate passes: the promotion may be approved without an override. */
  passed: boolean;
  /**
   * Some gate fails on enough units to act on (EARLY_FAIL_MIN_UNITS; the
   * drift gate at once): at PARTIAL or FULL the station is demoted, a canary
   * rolls back.
   */
  broken: boolean;
}

const MAX_UNITS = 10_000_000;

/**
 * Gates are looked at after every verdict, and one unlucky unit must never
 * demote a station or roll back a canary: a failing gate acts (GateReport's
 * `broken`) only from this many compared units on. Its status says "fail"
 * earlier when the interval already lies wholly on the wrong side.
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

export interface GateStatusInput {
  /** The 95% interval, or null where the quantity cannot be computed yet. */
  interval: [number, number] | null;
  target: number;
  direction: "at-least" | "at-most";
  /** Compared units still missing for the minimum evidence: 0 when it suffices, null when no number would tell (no defects yet). */
  evidenceShortfall: number | null;
  /** More compared units, at today's rates, until the bound clears the target: 0 when it does, null when it never would. */
  unitsUntilBoundClears: number | null;
  /** Why the quantity cannot be computed, where `interval` is null. */
  whyNoValue?: string;
}

/**
 * The one rule for every gate's status and "more units": it passes when its
 * 95% interval clears the target on the minimum evidence, fails when the
 * interval lies wholly on the wrong side (whatever the evidence: more units
 * would only narrow it), and is otherwise not yet decidable, with the units
 * that would decide it at today's rates or the reason no number can.
 */
export function gateStatus(input: GateStatusInput): { status: GateStatus; moreUnits: number | null; note: string | null } {
  const { interval, target, direction, evidenceShortfall: shortfall } = input;
  const stillShort = shortfall === null || shortfall > 0;
  if (!interval) {
    return { status: "undecided", moreUnits: shortfall !== null && shortfall > 0 ? shortfall : null, note: input.whyNoValue ?? "no compared units yet" };
  }
  const [low, high] = interval;
  const wholeIntervalWrong = direction === "at-least" ? high < target : low > target;
  if (wholeIntervalWrong) return { status: "fail", moreUnits: null, note: null };
  const clears = direction === "at-least" ? low >= target : high <= target;
  if (clears && !stillShort) return { status: "pass", moreUnits: null, note: null };
  if (clears) {
    return {
      status: "undecided",
      moreUnits: shortfall,
      note:
        shortfall === null
          ? "the interval clears the target; the minimum evidence cannot be estimated yet (no defects seen)"
          : "the interval clears the target; the minimum evidence is not reached yet",
    };
  }
  if (input.unitsUntilBoundClears === null) {
    return { status: "undecided", moreUnits: null, note: "at today's rate it would not pass: the estimate itself is on the wrong side of the target" };
  }
  return { status: "undecided", moreUnits: Math.max(input.unitsUntilBoundClears, shortfall ?? 0), note: null };
}

/** Compared units still missing for the minimum units and defects, or null where no defect has been seen to estimate from. */
function evidenceShortfall(evidence: GateEvidence, targets: GateTargets): number | null {
  const shortOfUnits = Math.max(0, targets.minUnits - evidence.units);
  const shortOfDefects = Math.max(0, targets.minDefects - evidence.humanDefects);
  if (shortOfDefects === 0) return shortOfUnits;
  const defectRate = evidence.units > 0 ? evidence.humanDefects / evidence.units : 0;
  return defectRate > 0 ? Math.max(shortOfUnits, Math.ceil(shortOfDefects / defectRate)) : null;
}

function evidenceGate(evidence: GateEvidence, targets: GateTargets, shortfall: number | null): GateResult {
  const enough = shortfall === 0;
  return {
    id: "evidence",
    label: `Enough evidence (${targets.minUnits} units, ${targets.minDefects} defects)`,
    status: enough ? "pass" : "undecided",
    value: evidence.units,
    interval: null,
    target: targets.minUnits,
    direction: "at-least",
    moreUnits: enough ? null : shortfall,
    note:
      enough || shortfall !== null
        ? null
        : `no defects among the ${evidence.units} compared units yet: how many more units bring ${targets.minDefects} cannot be estimated`,
  };
}

/** A proportion gate, judged on its Wilson interval by `gateStatus`. */
function proportionGate(
  id: GateId,
  label: string,
  successes: number,
  n: number,
  target: number,
  direction: "at-least" | "at-most",
  shortfall: number | null,
  shareOfUnits: number,
  whyNoValue: string,
): GateResult {
  const interval = wilsonInterval(successes, n);
  const bounds: [number, number] | null = n > 0 ? [interval.low, interval.high] : null;
  const trials = trialsToClear(successes, n, target, direction === "at-least" ? "low" : "high");
  const judged = gateStatus({
    interval: bounds,
    target,
    direction,
    evidenceShortfall: shortfall,
    unitsUntilBoundClears: asUnits(trials, shareOfUnits),
    whyNoValue,
  });
  return { id, label, value: interval.rate, interval: bounds, target, direction, ...judged };
}

/** Why kappa cannot be computed on this evidence, in words. */
function whyNoKappa(evidence: GateEvidence): string {
  if (evidence.units === 0) return "no compared units yet";
  return `kappa is undefined while the model and the inspectors gave one and the same label to all ${evidence.units} compared units (chance agreement is 1)`;
}

function kappaGate(evidence: GateEvidence, target: number, shortfall: number | null): GateResult {
  const { kappa, kappaStandardError: se } = evidence;
  const interval: [number, number] | null = kappa !== null && se !== null ? [Math.max(-1, kappa - Z_95 * se), Math.min(1, kappa + Z_95 * se)] : null;
  // Kappa's standard error shrinks as 1/sqrt(n): the units at which its lower bound would reach the target at today's kappa.
  let untilClears: number | null = null;
  if (kappa !== null && se !== null) {
    if (kappa - Z_95 * se >= target) untilClears = 0;
    else if (kappa > target) untilClears = Math.ceil(evidence.units * ((Z_95 * se) / (kappa - target)) ** 2) - evidence.units;
  }
  const judged = gateStatus({
    interval,
    target,
    direction: "at-least",
    evidenceShortfall: shortfall,
    unitsUntilBoundClears: untilClears,
    whyNoValue: whyNoKappa(evidence),
  });
  return { id: "kappa", label: "Cohen's kappa (95% lower bound)", value: kappa, interval, target, direction: "at-least", ...judged };
}

/**
 * The escape gate, as the manager wrote it: at most `perMillion` defects found
 * downstream per million of the model's last `window` decided units. Failing
 * as soon as more were found than the window allows; passing once the model
 * has decided a whole window within it.
 */
export function escapeGate(escapes: EscapeGateEvidence): GateResult {
  const target = escapes.perMillion / 1_000_000;
  const interval = wilsonInterval(escapes.escaped, escapes.units);
  const allowed = Math.floor(target * escapes.window);
  const status: GateStatus = escapes.escaped > allowed ? "fail" : escapes.units >= escapes.window ? "pass" : "undecided";
  return {
    id: "escapes",
    label: `Defects found downstream, over the model's last ${escapes.window.toLocaleString("en-US")} decided units`,
    status,
    value: interval.rate,
    interval: escapes.units > 0 ? [interval.low, interval.high] : null,
    target,
    direction: "at-most",
    moreUnits: null,
    note:
      status === "undecided"
        ? `the model has decided ${escapes.units.toLocaleString("en-US")} units alone; the gate counts a whole window of ${escapes.window.toLocaleString("en-US")}, and ${escapes.escaped} of the ${allowed} escapes it allows were found so far`
        : null,
  };
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
    note: null,
  };
}

/**
 * Judges the evidence for running at `targetLevel`. Levels without gates
 * (humans only, shadow) only need no open drift alert.
 */
export function evaluateGates(evidence: GateEvidence, targetLevel: AutomationLevel, targets: GateTargets | null): GateReport {
  const gates: GateResult[] = [];
  if (targets) {
    const shortfall = evidenceShortfall(evidence, targets);
    const defectShare = evidence.units > 0 ? evidence.humanDefects / evidence.units : 0;
    const okShare = evidence.units > 0 ? evidence.humanOk / evidence.units : 0;
    gates.push(
      evidenceGate(evidence, targets, shortfall),
      proportionGate(
        "agreement",
        "Agreement with inspectors (95% lower bound)",
        evidence.agreements,
        evidence.units,
        targets.agreement,
        "at-least",
        shortfall,
        1,
        "no compared units yet",
      ),
      proportionGate(
        "defect-recall",
        "Defect recall against inspectors (95% lower bound)",
        evidence.caughtDefects,
        evidence.humanDefects,
        targets.defectRecall,
        "at-least",
        shortfall,
        defectShare,
        "no unit an inspector rejected yet",
      ),
      proportionGate(
        "false-reject",
        "False-reject rate (95% upper bound)",
        evidence.falseRejects,
        evidence.humanOk,
        targets.falseReject,
        "at-most",
        shortfall,
        okShare,
        "no unit an inspector passed yet",
      ),
      kappaGate(evidence, targets.kappa, shortfall),
    );
  }
  if (targetLevel === "FULL" && evidence.escapes) gates.push(escapeGate(evidence.escapes));
  gates.push(driftGate(evidence));
  return {
    targetLevel,
    targets,
    gates,
    passed: gates.every((gate) => gate.status === "pass"),
    broken: breakingGates(gates, evidence.units).length > 0,
  };
}

/**
 * The failing gates to act on (demote, roll back): the drift gate at once
 * unless the station's policy keeps it at its level through drift, the escape
 * gate at once (it fails only on more escapes than its window allows), the
 * others from EARLY_FAIL_MIN_UNITS compared units on.
 */
export function breakingGates(gates: readonly GateResult[], units: number, policy: { driftDemotes: boolean } = { driftDemotes: true }): GateResult[] {
  return gates.filter((gate) => gate.status === "fail" && (gate.id === "drift" ? policy.driftDemotes : gate.id === "escapes" || units >= EARLY_FAIL_MIN_UNITS));
}

/** The station's targets for a level: the defaults with its overrides on top. */
export function gateTargetsFor(level: AutomationLevel, overrides: Partial<Record<AutomationLevel, Partial<GateTargets>>> = {}): GateTargets | null {
  if (!isGatedLevel(level)) return null;
  return { ...GATE_DEFAULTS[level], ...(overrides[level] ?? {}) };
}

/** Hours in a shift, for telling "more units" as shifts at the station's pace (three shifts a day). */
export const SHIFT_HOURS = 8;

/**
 * "More units needed" in words a manager can plan with: the count, and how
 * long the station takes to compare that many at this week's pace.
 */
export function moreUnitsInWords(moreUnits: number, unitsPerDay: number | null): string {
  const units = `about ${moreUnits.toLocaleString("en-US")} more compared unit${moreUnits === 1 ? "" : "s"}`;
  if (!unitsPerDay || unitsPerDay <= 0) return `${units}; none were compared this week, so no date can be given`;
  const perShift = (unitsPerDay * SHIFT_HOURS) / 24;
  const shifts = moreUnits / perShift;
  const pace = `at this week's pace (${Math.round(unitsPerDay).toLocaleString("en-US")} a day)`;
  if (shifts < 1) return `${units}, within one shift ${pace}`;
  if (shifts <= 30) return `${units}, ~${Math.ceil(shifts)} shift${Math.ceil(shifts) === 1 ? "" : "s"} ${pace}`;
  return `${units}, ~${Math.ceil(moreUnits / unitsPerDay).toLocaleString("en-US")} days ${pace}`;
}

/** One line per failing or undecided gate, for reasons in the audit trail and refusals. */
export function describeUnmetGates(report: GateReport): string[] {
  const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
  return report.gates
    .filter((gate) => gate.status !== "pass")
    .map((gate) => {
      const isRate = gate.id === "agreement" || gate.id === "defect-recall" || gate.id === "false-reject";
      const perMillion = (x: number) => `${Math.round(x * 1_000_000)} per million`;
      const format = (x: number) => (isRate ? percent(x) : gate.id === "kappa" ? x.toFixed(2) : gate.id === "escapes" ? perMillion(x) : String(x));
      const shown = gate.value === null ? "no data" : format(gate.value);
      const target = format(gate.target);
      return `${gate.label}: ${shown} (target ${gate.direction === "at-least" ? ">=" : "<="} ${target}, ${gate.status === "fail" ? "fails" : "not yet decidable"})`;
    });
}
