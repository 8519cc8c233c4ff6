import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { unitFraction, unitLevel, type RoutingPolicy } from "./routing.ts";

// At AI assistance the inspector sees the model's answer, and people follow
// it (automation bias): agreement measured then says how often they followed,
// not how often the model is right. A blind share of units, drawn by a stable
// hash of the unit and looking the same to the inspector, shows no
// suggestion; only those units are evidence for the next level. At partial
// and full no suggestion is shown at all, so the audit share is blind by
// construction.

/** Default blind share at AI assistance: about one unit in seven is judged without the model's answer. */
export const DEFAULT_BLIND_SHARE = 0.15;
/** The blind share a manager may set: some evidence must keep coming, and all units blind is shadow mode. */
export const BLIND_SHARE_RANGE = { min: 0.05, max: 1 } as const;

/** Whether a unit is one of the blind share (stable for the unit, independent of the canary and audit draws). */
export function isBlindUnit(unitId: string, blindShare: number): boolean {
  return unitFraction(unitId, "blind") < blindShare;
}

/** Whether the inspector is shown the model's suggestion for this unit: at AI assistance, unless the unit is blind. */
export function showsSuggestion(policy: Pick<RoutingPolicy, "level" | "canaryShare" | "canaryFromLevel"> & { blindShare: number }, unitId: string): boolean {
  const level: AutomationLevel = unitLevel(policy, unitId);
  return level === "AI_ASSIST" && !isBlindUnit(unitId, policy.blindShare);
}
