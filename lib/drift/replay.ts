import { CLOSED, nextAlertState, type AlertState } from "./alerts.ts";
import { dataChecks, type DriftPolicy, type WindowRow } from "./checks.ts";
import type { DriftReference } from "./reference.ts";

export interface ReplayOutcome {
  windows: number;
  /** Windows in which at least one feature was past its threshold. */
  windowsPast: number;
  opened: { unitsSeen: number; feature: string }[];
  closed: { unitsSeen: number; feature: string }[];
}

/**
 * The data-drift checks a station would make on a stream of units, in memory:
 * windows of `windowSize` ending every `step` units, alerts with the same
 * hysteresis as the monitor. For benchmarks and simulations that need many
 * streams without a database.
 */
export function replayDataDrift(rows: readonly WindowRow[], reference: DriftReference, policy: DriftPolicy): ReplayOutcome {
  const outcome: ReplayOutcome = { windows: 0, windowsPast: 0, opened: [], closed: [] };
  const states = new Map<string, AlertState>();
  const firstEnd = Math.ceil(policy.windowSize / policy.step) * policy.step;
  for (let end = firstEnd; end <= rows.length; end += policy.step) {
    const checks = dataChecks(rows.slice(end - policy.windowSize, end), reference, policy);
    outcome.windows++;
    if (checks.some((c) => c.exceeded)) outcome.windowsPast++;
    for (const check of checks) {
      const { state, transition } = nextAlertState(states.get(check.feature) ?? CLOSED, check, policy);
      states.set(check.feature, state);
      if (transition === "open") outcome.opened.push({ unitsSeen: end, feature: check.feature });
      if (transition === "close") outcome.closed.push({ unitsSeen: end, feature: check.feature });
    }
  }
  return outcome;
}
