import { appendAudit, type Actor } from "../audit/index.ts";
import { z } from "zod";
import type { Db, DbOrTx } from "../db/index.ts";
import { displayText } from "../text/index.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { regionFrom, type InspectionRegion } from "../model/metadata.ts";
import { timeZoneSchema } from "./time-zone.ts";
import { classesNotCovered, coverageProblem, DEFAULT_DEFECT_CLASSES, DEFECT_KEY_PATTERN, OK_LABEL } from "./taxonomy.ts";

export const newStationSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,47}$/, "use 2-48 lower-case letters, digits and dashes"),
    name: displayText(1, 100),
    defectClasses: z
      .array(
        z.object({
          key: z
            .string()
            .regex(DEFECT_KEY_PATTERN, "use a lower-case word such as 'scratch'")
            .refine((key) => key !== OK_LABEL, {
              message: `'${OK_LABEL}' is the verdict for no defect, not a defect class`,
            }),
          label: displayText(1, 40),
        }),
      )
      .min(1)
      .max(12)
      .default([...DEFAULT_DEFECT_CLASSES])
      .refine((classes) => new Set(classes.map((c) => c.key)).size === classes.length, { message: "keys must be distinct" }),
    timeZone: timeZoneSchema.default("UTC").describe("The IANA time zone the station's people live by; moments shown for it are written in it."),
  })
  .strict();

export type NewStation = z.input<typeof newStationSchema>;

export interface StationSummary {
  id: string;
  slug: string;
  name: string;
  /** The IANA zone its moments are shown in. */
  timeZone: string;
  level: AutomationLevel;
  /** In position order; retired classes stay, marked, so their verdicts can still be read. */
  defectClasses: { key: string; label: string; retired: boolean }[];
  /** Why the active model cannot run here (it does not know a class the station uses), or null. */
  modelGap: string | null;
  pendingUnits: number;
  /** The model versions predicting on the station's units (blue, and green beside it). */
  activeModel: string | null;
  candidateModel: string | null;
  /** An admin allowed the manager who asks for a promotion to approve it too. */
  singlePersonApproval: boolean;
  /** Where the phone lies in its photos: the models score only there (null: the whole photo). */
  region: InspectionRegion | null;
}

/** Creates a station with its taxonomy and its automation state (humans only, no model yet). */
export async function createStation(db: DbOrTx, input: NewStation, by: Actor | null = null): Promise<{ id: string; slug: string }> {
  const station = newStationSchema.parse(input);
  const created = await db.station.create({
    data: {
      slug: station.slug,
      name: station.name,
      timeZone: station.timeZone,
      defectClasses: { create: station.defectClasses.map((defect, position) => ({ ...defect, position })) },
      automation: { create: { level: "HUMAN_ONLY" } },
      eras: { create: { level: "HUMAN_ONLY", startedAt: new Date() } },
    },
    select: { id: true, slug: true },
  });
  if (by) {
    const classes = (station.defectClasses ?? DEFAULT_DEFECT_CLASSES).map((d) => d.key);
    await appendAudit(db, {
      stationId: created.id,
      actor: by,
      action: "STATION_CREATED",
      reason: `${station.name} (${station.slug}) with defect classes ${classes.join(", ")}, in ${station.timeZone}`,
      evidence: { slug: station.slug, name: station.name, defectClasses: classes, timeZone: station.timeZone },
      at: new Date(),
    });
  }
  return created;
}

/** Every station with its level, taxonomy and the number of units waiting for a verdict. */
export async function listStations(db: Db): Promise<StationSummary[]> {
  const stations = await db.station.findMany({
    orderBy: { name: "asc" },
    include: {
      automation: { include: { activeModel: { select: { version: true, classes: true } }, candidateModel: { select: { version: true } } } },
      defectClasses: { orderBy: { position: "asc" } },
    },
  });
  const pending = await db.capture.groupBy({
    by: ["stationId"],
    where: { decidedAt: null },
    _count: { _all: true },
  });
  const pendingByStation = new Map(pending.map((row) => [row.stationId, row._count._all]));
  return stations.map((station) => ({
    id: station.id,
    slug: station.slug,
    name: station.name,
    timeZone: station.timeZone,
    level: station.automation?.level ?? "HUMAN_ONLY",
    defectClasses: station.defectClasses.map(({ key, label, retiredAt }) => ({ key, label, retired: retiredAt !== null })),
    modelGap: modelGapOf(station.automation?.activeModel ?? null, station.defectClasses),
    pendingUnits: pendingByStation.get(station.id) ?? 0,
    activeModel: station.automation?.activeModel?.version ?? null,
    candidateModel: station.automation?.candidateModel?.version ?? null,
    singlePersonApproval: station.automation?.singlePersonApproval ?? false,
    region: regionFrom(station.inspectionRegion),
  }));
}

function modelGapOf(model: { version: string; classes: unknown } | null, classes: { key: string; retiredAt: Date | null }[]): string | null {
  return model ? coverageProblem(model.version, classesNotCovered(model.classes as string[], classes)) : null;
}
