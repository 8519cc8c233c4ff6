import type { Db } from "../db/client.ts";
import { coalescedRunner } from "../background/coalesced.ts";
import { reviewStation, type ReviewOutcome } from "./ladder.ts";

// New evidence (an inspector's verdict, an escape found downstream) may widen or roll back a canary, or
// demote a station whose model decides alone. The review runs after the
// verdict is acknowledged, coalesced per station (lib/background/coalesced.ts),
// so the last evidence is always reviewed.

const reviews = coalescedRunner((slug) => `reviewing station ${slug} after new evidence`);

export function reviewStationSoon(db: Db, slug: string, onOutcome: (outcome: ReviewOutcome) => void = () => {}): Promise<void> {
  return reviews.run(slug, async () => {
    const station = await db.station.findUnique({ where: { slug }, select: { id: true } });
    if (station) onOutcome(await reviewStation(db, station.id));
  });
}
