import { OPERATIONS } from "@/lib/api";
import { unitViewsOf } from "@/lib/automation";
import { leaseNextUnits } from "@/lib/captures";
import { operationRoute, stationBySlug } from "@/lib/http";
import { judgedThisShift } from "@/lib/inspection";

export const dynamic = "force-dynamic";

/** Leases the station's next units to the calling inspector, never more than the cap in hand (lib/captures/queue.ts). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(
  OPERATIONS.leaseUnits,
  async ({ db, user, params, body: { count, exclude, judged, release, asOf } }) => {
    const station = await stationBySlug(db, params.station);
    const units = await leaseNextUnits(db, { stationId: station.id, inspectorId: user.id, count, excludeIds: exclude, judgedIds: judged, releaseIds: release });
    const [viewOf, waiting, shift] = await Promise.all([
      unitViewsOf(db, station.id),
      db.capture.count({ where: { stationId: station.id, decidedAt: null } }),
      judgedThisShift(db, { stationId: station.id, inspectorId: user.id, timeZone: station.timeZone, asOf: asOf ? new Date(asOf) : new Date() }),
    ]);
    const unitViews = units.map((unit) => ({ ...unit, ...viewOf(unit.id), imageUrl: `/api/captures/${unit.id}/image` }));
    return Response.json({ units: unitViews, waiting, shift: { since: shift.since.toISOString(), judged: shift.judged } });
  },
);
