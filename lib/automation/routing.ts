import type { AutomationLevel } from "../generated/prisma/enums.ts";

export type Route = "HUMAN" | "MODEL" | "AUDIT";

export interface RoutingPolicy {
  level: AutomationLevel;
  /** During a canary, the share of units that run at `level`; the rest run at `canaryFromLevel`. */
  canaryShare: number;
  canaryFromLevel: AutomationLevel | null;
  /** PARTIAL: the model passes a unit alone at or below this P(defect)... */
  okThreshold: number;
  /** ...and rejects it alone at or above this one. */
  defectThreshold: number;
  /** Share of units the model could decide that still go to a human, so agreement keeps being measured. */
  auditShare: number;
}

/** The levels at which the model decides units alone (some at PARTIAL, all at FULL). */
export function modelMayDecide(level: AutomationLevel): level is "PARTIAL" | "FULL" {
  return level === "PARTIAL" || level === "FULL";
}

/**
 * The rule of who may decide a unit, written once (the database's
 * model_decides() is the same rule for SQL): at FULL the model decides every
 * unit; at PARTIAL those it is sure of, P(defect) at or below okThreshold or
 * at or above defectThreshold; below PARTIAL none.
 */
export function modelDecides(level: AutomationLevel, defectScore: number, thresholds: { okThreshold: number; defectThreshold: number }): boolean {
  return level === "FULL" || (level === "PARTIAL" && (defectScore <= thresholds.okThreshold || defectScore >= thresholds.defectThreshold));
}

/** A stable number in [0, 1) for a unit and a purpose (FNV-1a), so routing is reproducible. */
export function unitFraction(unitId: string, salt: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${salt}:${unitId}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 4294967296;
}

/** The level a unit runs at: the canary's for its share of units, else the level it started from. */
export function unitLevel(policy: Pick<RoutingPolicy, "level" | "canaryShare" | "canaryFromLevel">, unitId: string): AutomationLevel {
  if (!policy.canaryFromLevel || policy.canaryShare >= 1) return policy.level;
  return unitFraction(unitId, "canary") < policy.canaryShare ? policy.level : policy.canaryFromLevel;
}

/**
 * Who decides a unit, given the active model's P(defect): below PARTIAL always
 * a human; at PARTIAL the model where it is confident past the station's
 * thresholds; at FULL always the model; and of the units the model could
 * decide, a random audit share still goes to a human.
 */
export function routeUnit(policy: RoutingPolicy, unitId: string, defectScore: number): { route: Route; level: AutomationLevel } {
  const level = unitLevel(policy, unitId);
  if (!modelDecides(level, defectScore, policy)) return { route: "HUMAN", level };
  return { route: unitFraction(unitId, "audit") < policy.auditShare ? "AUDIT" : "MODEL", level };
}
