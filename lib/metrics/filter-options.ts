import type { DbOrTx } from "../db/index.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { labelsOf } from "../stations/index.ts";

export interface FilterOptions {
  stations: { slug: string; name: string; labels: string[]; okThreshold: number | null; defectThreshold: number | null }[];
  models: { version: string }[];
  eras: { id: string; stationSlug: string; stationName: string; level: AutomationLevel; startedAt: Date; endedAt: Date | null }[];
  inspectors: { id: string; name: string }[];
}

/** What the dashboard's filters can choose from. */
export async function filterOptions(db: DbOrTx): Promise<FilterOptions> {
  const [stations, models, eras, inspectors] = await Promise.all([
    db.station.findMany({
      orderBy: { name: "asc" },
      select: {
        slug: true,
        name: true,
        defectClasses: { select: { key: true }, orderBy: { position: "asc" } },
        automation: { select: { okThreshold: true, defectThreshold: true } },
      },
    }),
    db.modelVersion.findMany({ orderBy: { createdAt: "desc" }, select: { version: true } }),
    db.automationEra.findMany({
      orderBy: [{ startedAt: "desc" }],
      take: 200,
      select: { id: true, level: true, startedAt: true, endedAt: true, station: { select: { slug: true, name: true } } },
    }),
    db.user.findMany({ where: { role: "INSPECTOR" }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  return {
    stations: stations.map((s) => ({
      slug: s.slug,
      name: s.name,
      labels: labelsOf(s.defectClasses),
      okThreshold: s.automation?.okThreshold ?? null,
      defectThreshold: s.automation?.defectThreshold ?? null,
    })),
    models,
    eras: eras.map((e) => ({ id: e.id, stationSlug: e.station.slug, stationName: e.station.name, level: e.level, startedAt: e.startedAt, endedAt: e.endedAt })),
    inspectors,
  };
}

/** The labels a dashboard's confusion matrix is ordered by: the station's, or all stations' in first-seen order. */
export function labelsForFilter(options: FilterOptions, stationSlug: string | undefined): string[] {
  const chosen = stationSlug ? options.stations.filter((s) => s.slug === stationSlug) : options.stations;
  return [...new Set(chosen.flatMap((s) => s.labels))];
}
