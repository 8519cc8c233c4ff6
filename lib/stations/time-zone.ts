import { z } from "zod";
import { appendAudit, type Actor } from "../audit/index.ts";
import type { Db } from "../db/index.ts";
import { canonicalTimeZone } from "../text/index.ts";

// A station's people read its moments in their own time zone: the inspector's
// last verdict, the audit trail, the review cards, drift windows. Evidence is
// still counted by UTC day, and says so.

/** Only an admin moves a station to another time zone. */
export const MAY_SET_TIME_ZONE = ["ADMIN"] as const;

/** An IANA time zone name, stored as the runtime spells it. */
export const timeZoneSchema = z
  .string({ error: "Give a time zone such as Europe/Berlin or UTC." })
  .trim()
  .transform((name, context) => {
    const zone = canonicalTimeZone(name);
    if (zone) return zone;
    context.addIssue({ code: "custom", message: `"${name}" is not a time zone this server knows: give an IANA name such as Asia/Shanghai or UTC.` });
    return z.NEVER;
  });

export type TimeZoneResult = { ok: true; timeZone: string } | { ok: false; reason: "role" | "station"; detail: string };

/** Sets a station's time zone (audited with the zone it replaces); a no-op when it is already the one. */
export async function setStationTimeZone(
  db: Db,
  slug: string,
  person: { id: string; role: string },
  timeZone: string,
  reason: string,
): Promise<TimeZoneResult> {
  if (!(MAY_SET_TIME_ZONE as readonly string[]).includes(person.role)) return { ok: false, reason: "role", detail: "Only admins set a station's time zone." };
  const zone = timeZoneSchema.parse(timeZone);
  return db.$transaction(async (tx) => {
    const [station] = await tx.$queryRaw<{ id: string; time_zone: string }[]>`SELECT id, time_zone FROM stations WHERE slug = ${slug} FOR UPDATE`;
    if (!station) return { ok: false, reason: "station", detail: `No station ${slug}.` } as const;
    if (station.time_zone === zone) return { ok: true, timeZone: zone } as const;
    await tx.station.update({ where: { id: station.id }, data: { timeZone: zone } });
    const actor: Actor = { kind: "USER", id: person.id };
    await appendAudit(tx, {
      stationId: station.id,
      actor,
      action: "STATION_TIME_ZONE_SET",
      reason,
      evidence: { timeZone: zone, previous: station.time_zone },
      at: new Date(),
    });
    return { ok: true, timeZone: zone } as const;
  });
}
