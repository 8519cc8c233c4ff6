import type { DbOrTx } from "../db/index.ts";
import { Prisma } from "../generated/prisma/client.ts";

export interface Opinion {
  truth: string;
  adjudicator: string;
  note: string;
  at: Date;
}

export interface AdjudicatorDisagreement {
  captureId: string;
  stationName: string;
  /** The station's time zone: each opinion's moment is shown in it. */
  timeZone: string;
  /** Oldest first; the last one is the unit's truth now. */
  opinions: Opinion[];
}

/**
 * Units whose adjudicators did not agree on the truth, the most recently
 * disputed first: the truth of these is itself uncertain, and they are the
 * first to look at again (and the last to train on blindly).
 */
export async function adjudicatorDisagreements(db: DbOrTx, options: { stationId?: string; limit?: number } = {}): Promise<AdjudicatorDisagreement[]> {
  const station = options.stationId ? Prisma.sql`AND c.station_id = ${options.stationId}::uuid` : Prisma.empty;
  const rows = await db.$queryRaw<
    { capture_id: string; station_name: string; time_zone: string; opinions: { truth: string; adjudicator: string; note: string; at: string }[] }[]
  >`
    SELECT a.capture_id, s.name AS station_name, s.time_zone,
           json_agg(json_build_object('truth', a.truth, 'adjudicator', u.name, 'note', a.note, 'at', a.created_at) ORDER BY a.created_at, a.id) AS opinions
      FROM adjudications a
      JOIN captures c ON c.id = a.capture_id
      JOIN stations s ON s.id = c.station_id
      JOIN users u ON u.id = a.adjudicator_id
     WHERE true ${station}
     GROUP BY a.capture_id, s.name, s.time_zone
    HAVING count(DISTINCT a.truth) > 1
     ORDER BY max(a.created_at) DESC
     LIMIT ${options.limit ?? 50}`;
  return rows.map((r) => ({
    captureId: r.capture_id,
    stationName: r.station_name,
    timeZone: r.time_zone,
    opinions: r.opinions.map((o) => ({ truth: o.truth, adjudicator: o.adjudicator, note: o.note, at: new Date(o.at) })),
  }));
}
