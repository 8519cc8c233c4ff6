import { z } from "zod";
import type { Db } from "../db/index.ts";
import { stationReference } from "./monitor.ts";
import { FEATURES } from "./reference.ts";
import { DRIFT_POLICY, type CheckDetail } from "./checks.ts";
import { baselineDays } from "./settings.ts";

export interface DriftSeriesPoint {
  unitsSeen: number;
  windowEnd: string;
  value: number;
  threshold: number;
  pValue: number | null;
  exceeded: boolean;
}

export interface FeatureView {
  kind: string;
  feature: string;
  latest: DriftSeriesPoint & { detail: CheckDetail };
  series: DriftSeriesPoint[];
}

export interface DriftAlertView {
  id: string;
  kind: string;
  feature: string;
  openedAt: string;
  closedAt: string | null;
  /** The window that opened it: its statistic, threshold and count of units (null where the stored snapshot does not parse). */
  opening: { value: number; threshold: number; unitsSeen: number } | null;
}

export interface StationDrift {
  slug: string;
  name: string;
  /** The station's time zone: window ends and alerts are shown in it. */
  timeZone: string;
  level: string;
  model: string | null;
  reference: string | null;
  baseline: { from: string; to: string } | null;
  driftDemotes: boolean;
  /** Recent days of the active model's predictions, and the calmest full day to suggest as a baseline. */
  days: { day: string; predictions: number; windowsPast: number; windows: number }[];
  suggestedBaseline: { from: string; to: string } | null;
  openAlerts: number;
  features: FeatureView[];
  alerts: DriftAlertView[];
}

const numbers = z.array(z.number());
const DETAIL_SCHEMAS = {
  distribution: z.object({ counts: numbers, referenceShares: numbers, edges: numbers, mean: z.number().optional(), ks: z.number().nullable().optional() }),
  rate: z.object({
    rate: z.number(),
    referenceRate: z.number(),
    units: z.number().optional(),
    referenceUnits: z.number().optional(),
    inputsStable: z.boolean().optional(),
  }),
  estimate: z.object({
    rate: z.number(),
    low: z.number().nullable(),
    high: z.number().nullable(),
    target: z.number(),
    direction: z.enum(["at-least", "at-most"]),
    units: z.number(),
  }),
};

/**
 * A stored check's detail in its shape. Checks stored before details carried
 * a shape get the one their kind and statistic draw; what does not parse has
 * none, and the page draws nothing for it rather than guessing.
 */
export function checkDetailOf(kind: string, feature: string, stored: unknown): CheckDetail {
  const given = typeof stored === "object" && stored !== null && "shape" in stored ? (stored as { shape: unknown }).shape : undefined;
  const shape =
    given === "distribution" || given === "rate" || given === "estimate"
      ? given
      : kind === "data" || feature === "defect-score"
        ? "distribution"
        : kind === "performance" && feature.startsWith("estimated-")
          ? "estimate"
          : "rate";
  const parsed = DETAIL_SCHEMAS[shape].safeParse(stored);
  return parsed.success ? ({ shape, ...parsed.data } as CheckDetail) : { shape: "none" };
}

/** What an alert kept of the window that opened it (lib/drift/monitor.ts's snapshot). */
const OPENING_SCHEMA = z.object({ value: z.number(), threshold: z.number(), unitsSeen: z.number() });

/** Points of PSI (or z) over time shown per statistic. */
const SERIES_LENGTH = 120;

/** Every station with its open alerts, for the page's picker. */
export async function driftStations(db: Db): Promise<{ slug: string; name: string; openAlerts: number }[]> {
  const stations = await db.station.findMany({
    orderBy: { name: "asc" },
    select: { slug: true, name: true, _count: { select: { driftAlerts: { where: { closedAt: null } } } } },
  });
  return stations.map((s) => ({ slug: s.slug, name: s.name, openAlerts: s._count.driftAlerts }));
}

/**
 * A station's drift as /drift shows it: the reference, every statistic's
 * latest window (the current distribution against the reference's) and its
 * series over time, and the alerts, open first.
 */
export async function stationDrift(db: Db, slug: string): Promise<StationDrift | null> {
  const station = await db.station.findUnique({
    where: { slug },
    include: { automation: { include: { activeModel: { select: { id: true, version: true } } } } },
  });
  if (!station) return null;
  const automation = station.automation;
  const modelId = automation?.activeModel?.id ?? null;
  const found = await stationReference(db, station.id);
  const checks = modelId
    ? await db.$queryRaw<
        {
          kind: string;
          feature: string;
          units_seen: number;
          window_end: Date;
          value: number;
          threshold: number;
          p_value: number | null;
          exceeded: boolean;
          detail: Record<string, unknown>;
          rank: bigint;
        }[]
      >`
        SELECT * FROM (
          SELECT kind, feature, units_seen, window_end, value, threshold, p_value, exceeded, detail,
                 row_number() OVER (PARTITION BY kind, feature ORDER BY units_seen DESC) AS rank
            FROM drift_checks WHERE station_id = ${station.id}::uuid AND model_version_id = ${modelId}::uuid) ranked
         WHERE rank <= ${SERIES_LENGTH}::int
         ORDER BY kind, feature, units_seen`
    : [];
  const byKey = new Map<string, typeof checks>();
  for (const check of checks) byKey.set(`${check.kind}/${check.feature}`, [...(byKey.get(`${check.kind}/${check.feature}`) ?? []), check]);
  const order = (kind: string, feature: string) => {
    const kinds = ["data", "prediction", "concept", "performance"];
    const index = FEATURES.indexOf(feature as (typeof FEATURES)[number]);
    return kinds.indexOf(kind) * 100 + (index < 0 ? 50 : index);
  };
  const features: FeatureView[] = [...byKey.values()]
    .map((rows) => {
      const point = (r: (typeof rows)[number]): DriftSeriesPoint => ({
        unitsSeen: r.units_seen,
        windowEnd: r.window_end.toISOString(),
        value: r.value,
        threshold: r.threshold,
        pValue: r.p_value,
        exceeded: r.exceeded,
      });
      const last = rows.at(-1) as (typeof rows)[number];
      return {
        kind: last.kind,
        feature: last.feature,
        latest: { ...point(last), detail: checkDetailOf(last.kind, last.feature, last.detail) },
        series: rows.map(point),
      };
    })
    .sort((a, b) => order(a.kind, a.feature) - order(b.kind, b.feature));
  const alerts = await db.driftAlert.findMany({ where: { stationId: station.id }, orderBy: [{ openedAt: "desc" }], take: 50 });
  const days = modelId ? await baselineDays(db, station.id, modelId) : [];
  const calm = days.find((d) => d.predictions >= DRIFT_POLICY.windowSize && d.windows > 0 && d.windowsPast === 0);
  const suggestedBaseline = calm
    ? { from: `${calm.day}T00:00:00.000Z`, to: new Date(Date.parse(`${calm.day}T00:00:00.000Z`) + 86_400_000).toISOString() }
    : null;
  return {
    slug: station.slug,
    name: station.name,
    timeZone: station.timeZone,
    level: automation?.level ?? "HUMAN_ONLY",
    model: automation?.activeModel?.version ?? null,
    reference: found?.reference.label ?? null,
    baseline:
      automation?.driftBaselineFrom && automation.driftBaselineTo
        ? { from: automation.driftBaselineFrom.toISOString(), to: automation.driftBaselineTo.toISOString() }
        : null,
    driftDemotes: automation?.driftDemotes ?? true,
    days,
    suggestedBaseline,
    openAlerts: alerts.filter((a) => !a.closedAt).length,
    features,
    alerts: alerts
      .map((a) => ({
        id: a.id,
        kind: a.kind,
        feature: a.feature,
        openedAt: a.openedAt.toISOString(),
        closedAt: a.closedAt?.toISOString() ?? null,
        opening: OPENING_SCHEMA.safeParse(a.detail).data ?? null,
      }))
      .sort((a, b) => Number(a.closedAt !== null) - Number(b.closedAt !== null)),
  };
}
