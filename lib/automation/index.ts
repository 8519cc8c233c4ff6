// The automation ladder: each station's level, and the moves up (on evidence,
// with approval) and down (one click, or by itself when a gate breaks).
export { LEVELS, LEVEL_LABELS, levelRank, levelAbove, levelBelow } from "./levels.ts";
export { recentAuditEvents, type AuditEntry } from "./audit.ts";
export { routeUnit, effectiveLevel, unitFraction, type Route, type RoutingPolicy } from "./routing.ts";
export { startEra } from "./eras.ts";
export { demoteStation, type DemotionResult, type Actor } from "./demote.ts";
