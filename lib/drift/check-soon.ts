import type { Db } from "../db/client.ts";
import { reviewStation } from "../automation/ladder.ts";
import { coalescedRunner } from "../background/coalesced.ts";
import { checkDrift, type DriftRunOutcome } from "./monitor.ts";

// New predictions may complete a drift window. The check runs after the
// prediction is acknowledged, coalesced per station (lib/background/coalesced.ts),
// so the last window is always checked. An alert that opens has the ladder
// review the station at once (a station running the model alone is demoted).

const checks = coalescedRunner((slug) => `checking drift on station ${slug}`);

/** Windows a live run catches up on at most (a station far behind is checked on its latest units). */
const LIVE_MAX_WINDOWS = 40;

export function checkDriftSoon(db: Db, slug: string, onOutcome: (outcome: DriftRunOutcome) => void = () => {}): Promise<void> {
  return checks.run(slug, async () => {
    const station = await db.station.findUnique({ where: { slug }, select: { id: true } });
    if (!station) return;
    const outcome = await checkDrift(db, station.id, { maxWindows: LIVE_MAX_WINDOWS });
    if (outcome.opened.length > 0) await reviewStation(db, station.id);
    onOutcome(outcome);
  });
}

/** Waits for the station's running check, if any (tests, the simulator's end). */
export function driftCheckSettled(slug: string): Promise<void> {
  return checks.settled(slug);
}
