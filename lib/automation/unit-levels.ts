import type { DbOrTx } from "../db/index.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { showsSuggestion } from "./blind.ts";
import { unitLevel } from "./routing.ts";

/** What the inspector's page does with a unit: the level it runs at, and whether the model's suggestion is shown. */
export interface UnitView {
  level: AutomationLevel;
  /** False at AI assistance for the blind share: the page shows the same "No suggestion" as when the model has none. */
  suggest: boolean;
}

/** The station's rule for each unit's level (its own, or its canary share's) and whether it shows a suggestion. */
export async function unitViewsOf(db: DbOrTx, stationId: string): Promise<(unitId: string) => UnitView> {
  const policy = await db.stationAutomation.findUnique({
    where: { stationId },
    select: { level: true, canaryShare: true, canaryFromLevel: true, blindShare: true },
  });
  return (unitId) => (policy ? { level: unitLevel(policy, unitId), suggest: showsSuggestion(policy, unitId) } : { level: "HUMAN_ONLY", suggest: false });
}
