import { DRIFT_POLICY, type DriftPolicy } from "./checks.ts";

/** A statistic's alert state, carried from window to window. */
export interface AlertState {
  open: boolean;
  /** Windows in a row past the threshold. */
  exceeded: number;
  /** Windows in a row below clearFraction of the threshold. */
  clear: number;
}

export const CLOSED: AlertState = { open: false, exceeded: 0, clear: 0 };

export type AlertTransition = "open" | "close" | null;

/**
 * Hysteresis: an alert opens after openAfter windows in a row past the
 * threshold, and closes only after closeAfter windows in a row well below it
 * (clearFraction of the threshold), so a statistic hovering at the threshold
 * neither floods the trail nor lets a real shift slip out between windows.
 */
export function nextAlertState(
  state: AlertState,
  check: { value: number; threshold: number; exceeded: boolean },
  policy: Pick<DriftPolicy, "openAfter" | "closeAfter" | "clearFraction"> = DRIFT_POLICY,
): { state: AlertState; transition: AlertTransition } {
  const exceeded = check.exceeded ? state.exceeded + 1 : 0;
  const clear = !check.exceeded && check.value < policy.clearFraction * check.threshold ? state.clear + 1 : 0;
  if (!state.open && exceeded >= policy.openAfter) return { state: { open: true, exceeded, clear: 0 }, transition: "open" };
  if (state.open && clear >= policy.closeAfter) return { state: { open: false, exceeded: 0, clear }, transition: "close" };
  return { state: { open: state.open, exceeded, clear }, transition: null };
}

/** The state after a run of past checks, oldest first, starting from whether the alert is open now. */
export function replayAlertState(
  open: boolean,
  checks: readonly { value: number; threshold: number; exceeded: boolean }[],
  policy: Pick<DriftPolicy, "openAfter" | "closeAfter" | "clearFraction"> = DRIFT_POLICY,
): AlertState {
  // Only the streaks matter: count them back from the newest check.
  let exceeded = 0;
  let clear = 0;
  for (let i = checks.length - 1; i >= 0 && checks[i]!.exceeded; i--) exceeded++;
  for (let i = checks.length - 1; i >= 0 && !checks[i]!.exceeded && checks[i]!.value < policy.clearFraction * checks[i]!.threshold; i--) clear++;
  return { open, exceeded, clear };
}

/**
 * The hysteresis a check's alert follows. A performance alert closes only
 * once the estimate is back on the right side of its gate (z below 0), not
 * merely nearer to it; the others close below clearFraction of the threshold.
 */
export function alertPolicyFor(kind: string, policy: DriftPolicy = DRIFT_POLICY): DriftPolicy {
  return kind === "performance" ? { ...policy, clearFraction: 0 } : policy;
}
