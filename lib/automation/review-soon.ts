import type { Db } from "../db/index.ts";
import { requestWorkSoon } from "../background/index.ts";

// New evidence (an inspector's verdict, an escape found downstream) may widen
// or roll back a canary, or demote a station whose model decides alone. The
// review is requested durably before the write is acknowledged and runs
// after it, in whichever app instance claims it (lib/background/station-work.ts).

/** Requests the station's review (await it before answering) and starts it here. */
export async function reviewStationSoon(db: Db, slug: string): Promise<void> {
  const station = await db.station.findUnique({ where: { slug }, select: { id: true } });
  if (station) await requestWorkSoon(db, station.id, "review");
}
