import type { Db } from "../db/index.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { regionFrom, type InspectionRegion, type ModelMetadata } from "../model/metadata.ts";
import { OK_LABEL } from "./taxonomy.ts";

export interface StationForInspection {
  slug: string;
  name: string;
  /** The station's IANA time zone. */
  timeZone: string;
  level: AutomationLevel;
  /** ok first, then the station's defect classes, in key order 1, 2, 3, ... */
  labels: { key: string; label: string }[];
  /** The models that predict here: none with humans only; the active one, and the candidate beside it. */
  models: { version: string; metadata: ModelMetadata }[];
  /** Where the phone lies in the photos: the models score only there (null: the whole photo). */
  region: InspectionRegion | null;
}

export async function stationForInspection(db: Db, slug: string): Promise<StationForInspection | null> {
  const station = await db.station.findUnique({
    where: { slug },
    include: {
      defectClasses: { where: { retiredAt: null }, orderBy: { position: "asc" } },
      automation: { include: { activeModel: true, candidateModel: true } },
    },
  });
  if (!station) return null;
  const level = station.automation?.level ?? "HUMAN_ONLY";
  const models =
    level === "HUMAN_ONLY"
      ? []
      : [station.automation?.activeModel, station.automation?.candidateModel]
          .filter((model) => model != null)
          .map((model) => ({ version: model.version, metadata: model.metadata as unknown as ModelMetadata }));
  return {
    slug: station.slug,
    name: station.name,
    timeZone: station.timeZone,
    level,
    labels: [{ key: OK_LABEL, label: "OK" }, ...station.defectClasses.map(({ key, label }) => ({ key, label }))],
    models,
    region: regionFrom(station.inspectionRegion),
  };
}
