import type { Db } from "../db/client.ts";
import { reviewStation } from "../automation/ladder.ts";
import { checkDrift, type DriftRunOutcome } from "./monitor.ts";

// New predictions may complete a drift window. The check runs after the
// prediction is acknowledged, never delaying it: one run per station at a time
// in this process, and predictions arriving meanwhile ask for one more run, so
// the last window is always checked. An alert that opens has the ladder review
// the station at once (a station running the model alone is demoted).

interface Pending {
  again: boolean;
  done: Promise<void>;
}

const runs = new Map<string, Pending>();

/** Windows a live run catches up on at most (a station far behind is checked on its latest units). */
const LIVE_MAX_WINDOWS = 40;

export function checkDriftSoon(db: Db, slug: string, onOutcome: (outcome: DriftRunOutcome) => void = () => {}): Promise<void> {
  const pending = runs.get(slug);
  if (pending) {
    pending.again = true;
    return pending.done;
  }
  const entry: Pending = { again: false, done: Promise.resolve() };
  entry.done = (async () => {
    try {
      do {
        entry.again = false;
        const station = await db.station.findUnique({ where: { slug }, select: { id: true } });
        if (!station) break;
        const outcome = await checkDrift(db, station.id, { maxWindows: LIVE_MAX_WINDOWS });
        if (outcome.opened.length > 0) await reviewStation(db, station.id);
        onOutcome(outcome);
      } while (entry.again);
    } catch (error) {
      console.error(`checking drift on station ${slug} failed`, error);
    } finally {
      runs.delete(slug);
    }
  })();
  runs.set(slug, entry);
  return entry.done;
}

/** Waits for the station's running check, if any (tests, the simulator's end). */
export function driftCheckSettled(slug: string): Promise<void> {
  return runs.get(slug)?.done ?? Promise.resolve();
}
