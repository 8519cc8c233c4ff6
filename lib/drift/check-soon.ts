import type { Db } from "../db/index.ts";
import { requestWorkSoon, workSettled } from "../background/index.ts";

// New predictions may complete a drift window. The check is requested durably
// before the prediction is acknowledged and runs after it, in whichever app
// instance claims it (lib/background/station-work.ts), so the last window is
// always checked. An alert that opens has the ladder review the station.

/** Requests the station's drift check (await it before answering) and starts it here. */
export async function checkDriftSoon(db: Db, slug: string): Promise<void> {
  const station = await db.station.findUnique({ where: { slug }, select: { id: true } });
  if (station) await requestWorkSoon(db, station.id, "drift");
}

/** Waits for the station's requested drift checks, and the reviews they asked for (tests, the simulator's end). */
export async function driftCheckSettled(db: Db, slug: string): Promise<void> {
  const station = await db.station.findUnique({ where: { slug }, select: { id: true } });
  if (!station) return;
  await workSettled(db, station.id, "drift");
  await workSettled(db, station.id, "review");
}
