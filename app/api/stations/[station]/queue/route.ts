import { unitViewsOf } from "@/lib/automation";
import { leaseNextUnits } from "@/lib/captures";
import { OPERATIONS } from "@/lib/api/operations";
import { db } from "@/lib/db/client";
import { stationBySlug, forOperation } from "@/lib/http";
import { judgedThisShift } from "@/lib/inspection/shift";

export const dynamic = "force-dynamic";

/** Leases the station's next units to the calling inspector, never more than the cap in hand (lib/captures/queue.ts). */
export const POST = forOperation(OPERATIONS.leaseUnits, async (_request, user, { params }: { params: Promise<{ station: string }> }, body) => {
  const { station: slug } = await params;
  const { count, exclude, judged, release, asOf } = body;
  const station = await stationBySlug(db(), slug);
  const units = await leaseNextUnits(db(), { stationId: station.id, inspectorId: user.id, count, excludeIds: exclude, judgedIds: judged, releaseIds: release });
  const [viewOf, waiting, shift] = await Promise.all([
    unitViewsOf(db(), station.id),
    db().capture.count({ where: { stationId: station.id, decidedAt: null } }),
    judgedThisShift(db(), { stationId: station.id, inspectorId: user.id, timeZone: station.timeZone, asOf: asOf ? new Date(asOf) : new Date() }),
  ]);
  return Response.json({
    units: units.map((unit) => ({ ...unit, ...viewOf(unit.id), imageUrl: `/api/captures/${unit.id}/image` })),
    waiting,
    shift: { since: shift.since.toISOString(), judged: shift.judged },
  });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
