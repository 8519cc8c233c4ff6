import type { Db } from "../db/index.ts";
import { notFound } from "./problem.ts";

/** The station named in a route, or a 404 problem. */
export async function stationBySlug(db: Db, slug: string): Promise<{ id: string; slug: string; timeZone: string }> {
  const station = await db.station.findUnique({ where: { slug }, select: { id: true, slug: true, timeZone: true } });
  if (!station) throw notFound(`No station ${JSON.stringify(slug)}.`);
  return station;
}
