import type { AutomationLevel } from "../generated/prisma/enums.ts";

/** The ladder, lowest first: each step up hands the model more of the work. */
export const LEVELS = ["HUMAN_ONLY", "SHADOW", "AI_ASSIST", "PARTIAL", "FULL"] as const satisfies readonly AutomationLevel[];

export const LEVEL_LABELS: Record<AutomationLevel, string> = {
  HUMAN_ONLY: "Humans only",
  SHADOW: "Shadow",
  AI_ASSIST: "AI assistance",
  PARTIAL: "Partial automation",
  FULL: "Full automation",
};

export function levelRank(level: AutomationLevel): number {
  return LEVELS.indexOf(level);
}

/** The level one step down, or null at the bottom. */
export function levelBelow(level: AutomationLevel): AutomationLevel | null {
  const rank = levelRank(level);
  return rank > 0 ? (LEVELS[rank - 1] ?? null) : null;
}

/** The level one step up, or null at the top. */
export function levelAbove(level: AutomationLevel): AutomationLevel | null {
  return LEVELS[levelRank(level) + 1] ?? null;
}

/** The levels at which the model decides some units alone (the rest go to people). */
export function mayDecideAlone(level: AutomationLevel): boolean {
  return level === "PARTIAL" || level === "FULL";
}
