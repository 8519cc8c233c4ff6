import type { DbOrTx } from "../db/client.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { unitLevel } from "./routing.ts";

/** The station's rule for the level of each unit (its own, or its canary share's). */
export async function unitLevelsOf(db: DbOrTx, stationId: string): Promise<(unitId: string) => AutomationLevel> {
  const policy = await db.stationAutomation.findUnique({ where: { stationId }, select: { level: true, canaryShare: true, canaryFromLevel: true } });
  return (unitId) => (policy ? unitLevel(policy, unitId) : "HUMAN_ONLY");
}
