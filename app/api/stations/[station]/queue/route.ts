import { z } from "zod";
import { unitLevelsOf } from "@/lib/automation";
import { leaseNextUnits } from "@/lib/captures";
import { db } from "@/lib/db/client";
import { parseJsonBody, stationBySlug, withRole } from "@/lib/http";

export const dynamic = "force-dynamic";

const leaseSchema = z
  .object({
    count: z.number().int().min(1).max(20).default(5),
    /** Units the client already holds (queued, or judged and waiting in its outbox). */
    exclude: z.array(z.uuid()).max(200).default([]),
  })
  .strict();

/** Leases the station's next units to the calling inspector. */
export const POST = withRole<{ params: Promise<{ station: string }> }>(["INSPECTOR", "ENGINEER", "ADMIN"], async (request, user, { params }) => {
  const { station: slug } = await params;
  const { count, exclude } = await parseJsonBody(request, leaseSchema);
  const station = await stationBySlug(db(), slug);
  const units = await leaseNextUnits(db(), { stationId: station.id, inspectorId: user.id, count, excludeIds: exclude });
  const levelOf = await unitLevelsOf(db(), station.id);
  return Response.json({ units: units.map((unit) => ({ ...unit, level: levelOf(unit.id), imageUrl: `/api/captures/${unit.id}/image` })) });
});
