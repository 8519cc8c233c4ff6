import type { DbOrTx } from "../db/index.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";

/** Ends the station's open era and opens one at `level`: metrics are kept per era. */
export async function startEra(db: DbOrTx, stationId: string, level: AutomationLevel, at: Date): Promise<void> {
  await db.automationEra.updateMany({ where: { stationId, endedAt: null }, data: { endedAt: at } });
  await db.automationEra.create({ data: { stationId, level, startedAt: at } });
}
