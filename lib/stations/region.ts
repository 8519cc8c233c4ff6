import { appendAudit } from "../audit/index.ts";
import { lockStation, mayDecideAlone, startEvidence, type LadderRefusal } from "../automation/index.ts";
import type { Db } from "../db/index.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { Role } from "../generated/prisma/enums.ts";
import { describeRegion, regionFrom, sameRegion, type InspectionRegion } from "../model/metadata.ts";
import { refuse } from "../refusals/index.ts";

// A station's region of interest (lib/model/region.ts) changes what the model
// scores, so it changes the model's answers: the gates' evidence starts
// afresh, and it cannot change under a model that decides units alone (its
// evidence was gathered with the old region, and a browser still holding the
// old one would disagree with the server's run on every unit).

/** Who sets where the phone lies in a station's photos: the people who set up the line's model. */
export const MAY_SET_REGION: readonly Role[] = ["ENGINEER", "ADMIN"];

export type RegionResult = { ok: true; region: InspectionRegion | null; message: string } | LadderRefusal;

/** Sets (or with null clears) the station's region of interest, audited with the one it replaces. */
export async function setInspectionRegion(
  db: Db,
  slug: string,
  person: { id: string; role: Role },
  region: InspectionRegion | null,
  reason: string,
): Promise<RegionResult> {
  if (!MAY_SET_REGION.includes(person.role)) return refuse("forbidden", "role", "Only engineers and admins set a station's region of interest.");
  return db.$transaction(async (tx) => {
    const locked = await lockStation(tx, slug);
    if (!locked.ok) return locked;
    const { stationId, state } = locked;
    const station = await tx.station.findUniqueOrThrow({ where: { id: stationId }, select: { inspectionRegion: true } });
    const previous = regionFrom(station.inspectionRegion);
    if (sameRegion(previous, region)) return refuse("conflict", "unchanged", `The station already scores ${describeRegion(region)}.`);
    if (mayDecideAlone(state.level) && state.activeModelId)
      return refuse(
        "conflict",
        "model-decides",
        "The model decides units alone here, on evidence gathered with the present region: move the station down to AI assistance before changing it.",
      );
    const at = new Date();
    await tx.station.update({ where: { id: stationId }, data: { inspectionRegion: region ? { ...region } : Prisma.DbNull } });
    await startEvidence(tx, stationId, at, `region of interest set to ${describeRegion(region)}`);
    await appendAudit(tx, {
      stationId,
      actor: { kind: "USER", id: person.id },
      action: "INSPECTION_REGION_SET",
      reason: `${describeRegion(region)} (was ${describeRegion(previous)}): ${reason}`,
      evidence: { region: region ? { ...region } : null, previous: previous ? { ...previous } : null },
      at,
    });
    return {
      ok: true,
      region,
      message: `The models now score ${describeRegion(region)}, in the browser and on the server. The station's evidence starts afresh.`,
    } as const;
  });
}

/** What the station page shows to draw the region on: the region now, and the newest photo still in the store, with its size. */
export async function regionSetting(
  db: Db,
  stationId: string,
): Promise<{ current: InspectionRegion | null; photo: { url: string; width: number; height: number } | null }> {
  const [station, latest] = await Promise.all([
    db.station.findUnique({ where: { id: stationId }, select: { inspectionRegion: true } }),
    // Retention may have removed the newest photos' bytes: their image would not load.
    db.capture.findFirst({
      where: { stationId, photoRemovedAt: null },
      orderBy: { capturedAt: "desc" },
      select: { id: true, width: true, height: true },
    }),
  ]);
  return {
    current: regionFrom(station?.inspectionRegion),
    photo: latest ? { url: `/api/captures/${latest.id}/image`, width: latest.width, height: latest.height } : null,
  };
}
