import type { GateReport } from "./gates.ts";

// A promotion may roll out to a share of units first: each step holds until
// its minimum sample, widens when every gate passes, and rolls back as soon as
// one breaks.

export const DEFAULT_CANARY_STEPS: readonly number[] = [0.1, 0.5, 1];
/** The smallest canary step: below 1% of units a step would take weeks to gather its sample, or never (1e-300). */
export const MIN_CANARY_STEP = 0.01;
/** Compared units at the canary's level a step needs before it may widen. */
export const DEFAULT_CANARY_STEP_UNITS = 200;

export interface CanaryState {
  /** Shares of units at the new level, increasing, ending at 1. */
  steps: readonly number[];
  /** Index into steps of the share running now. */
  stepIndex: number;
  minUnitsPerStep: number;
}

export type CanaryDecision =
  { action: "hold"; why: string } | { action: "widen"; share: number; stepIndex: number } | { action: "complete" } | { action: "roll-back"; why: string };

/** Checks a canary plan: shares in (0, 1], strictly increasing, ending at 1. */
export function canaryStepsProblem(steps: readonly number[]): string | null {
  if (steps.length === 0) return "A canary needs at least one step.";
  if (steps.some((share) => !(share >= MIN_CANARY_STEP && share <= 1))) return `Every canary step is a share of units from ${MIN_CANARY_STEP} (1%) to 1.`;
  if (steps.some((share, i) => i > 0 && share <= (steps[i - 1] as number))) return "Canary steps must widen: each share larger than the one before.";
  if (steps[steps.length - 1] !== 1) return "The last canary step must be 1 (every unit).";
  return null;
}

/** What the canary does next, given the gates on the units of its current step. */
export function nextCanaryDecision(state: CanaryState, report: GateReport, unitsAtStep: number): CanaryDecision {
  if (report.broken) return { action: "roll-back", why: "a gate broke during the canary" };
  if (unitsAtStep < state.minUnitsPerStep) return { action: "hold", why: `${unitsAtStep} of ${state.minUnitsPerStep} units at this step` };
  if (!report.passed) return { action: "hold", why: "gates not yet decidable" };
  const next = state.stepIndex + 1;
  const share = state.steps[next];
  return share === undefined ? { action: "complete" } : { action: "widen", share, stepIndex: next };
}
