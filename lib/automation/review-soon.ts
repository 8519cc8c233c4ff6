import type { Db } from "../db/client.ts";
import { reviewStation, type ReviewOutcome } from "./ladder.ts";

// New evidence (an inspector's verdict) may widen or roll back a canary, or
// demote a station whose model decides alone. The review runs after the
// verdict is acknowledged, never delaying it: at most one review per station
// runs at a time in this process, and verdicts arriving meanwhile ask for one
// more run after it, so the last evidence is always reviewed.

interface Pending {
  again: boolean;
  done: Promise<void>;
}

const reviews = new Map<string, Pending>();

export function reviewStationSoon(db: Db, slug: string, onOutcome: (outcome: ReviewOutcome) => void = () => {}): Promise<void> {
  const pending = reviews.get(slug);
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
        if (station) onOutcome(await reviewStation(db, station.id));
      } while (entry.again);
    } catch (error) {
      console.error(`reviewing station ${slug} after new evidence failed`, error);
    } finally {
      reviews.delete(slug);
    }
  })();
  reviews.set(slug, entry);
  return entry.done;
}
