import { z } from "zod";
import type { DbOrTx } from "../db/index.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { filterDay } from "../time/index.ts";
import { LIGHTING_BUCKET_KEYS, type LightingBucket } from "./lighting.ts";

const DAY_MS = 86_400_000;
export const DEFAULT_DAYS = 30;

// A day typed in the URL, clamped to the days evidence can exist for (lib/time/plausible.ts).
const day = filterDay;

/**
 * The dashboard's filters as they appear in its URL. Every field is optional;
 * unknown or malformed values are dropped rather than failing the page, since
 * a URL is typed by people.
 */
export const evidenceFilterSchema = z.object({
  station: z.string().max(64).optional().catch(undefined),
  model: z.string().max(64).optional().catch(undefined),
  era: z.uuid().optional().catch(undefined),
  inspector: z.string().max(64).optional().catch(undefined),
  lighting: z.enum(LIGHTING_BUCKET_KEYS).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
});

export type EvidenceFilterParams = z.infer<typeof evidenceFilterSchema>;

/** Filters resolved to ids and a half-open range of whole UTC days [from, to). */
export interface EvidenceFilter {
  stationId?: string;
  modelVersionId?: string;
  /**
   * Without a model version: each station's active model now (the default
   * scope), so a station's history under an older model is not mixed in.
   */
  currentModels?: { stationId: string; modelVersionId: string; version: string }[];
  inspectorId?: string;
  lighting?: LightingBucket;
  /** An era's level: evidence is kept by day, so an era is its station, its days and its level. */
  level?: AutomationLevel;
  from: Date;
  to: Date;
}

/** Parses URL search params (a page's `searchParams`) into filter params. */
export function parseEvidenceFilter(searchParams: Record<string, string | string[] | undefined>): EvidenceFilterParams {
  const single = Object.fromEntries(Object.entries(searchParams).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  return evidenceFilterSchema.parse(Object.fromEntries(Object.entries(single).filter(([, v]) => v !== undefined && v !== "")));
}

/** The UTC day of a date, as YYYY-MM-DD. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const startOfDay = (date: Date) => new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);

/**
 * Resolves slugs and versions to ids, and the dates to whole UTC days: `to` is
 * inclusive (the whole of it counts). Default range: the last DEFAULT_DAYS days
 * including today. An era narrows station, days and level to its own.
 */
export async function resolveEvidenceFilter(db: DbOrTx, params: EvidenceFilterParams, now: Date = new Date()): Promise<EvidenceFilter> {
  const to = params.to ? new Date(Date.parse(params.to) + DAY_MS) : new Date(startOfDay(now).getTime() + DAY_MS);
  const from = params.from ? new Date(Date.parse(params.from)) : new Date(to.getTime() - DEFAULT_DAYS * DAY_MS);
  const filter: EvidenceFilter = { from, to, lighting: params.lighting };
  // A filter naming something that does not exist must match nothing, not everything.
  const NOTHING = "00000000-0000-0000-0000-000000000000";
  if (params.station) filter.stationId = (await db.station.findUnique({ where: { slug: params.station }, select: { id: true } }))?.id ?? NOTHING;
  if (params.model) filter.modelVersionId = (await db.modelVersion.findUnique({ where: { version: params.model }, select: { id: true } }))?.id ?? NOTHING;
  else {
    const active = await db.stationAutomation.findMany({
      where: { activeModelId: { not: null }, ...(filter.stationId ? { stationId: filter.stationId } : {}) },
      select: { stationId: true, activeModelId: true, activeModel: { select: { version: true } } },
    });
    filter.currentModels = active.map((a) => ({ stationId: a.stationId, modelVersionId: a.activeModelId as string, version: a.activeModel?.version ?? "" }));
  }
  if (params.inspector) filter.inspectorId = params.inspector;
  if (params.era) {
    const era = await db.automationEra.findUnique({ where: { id: params.era } });
    if (!era) return { ...filter, stationId: NOTHING };
    filter.stationId = era.stationId;
    filter.currentModels = filter.currentModels?.filter((m) => m.stationId === era.stationId);
    filter.level = era.level;
    if (era.startedAt > filter.from) filter.from = startOfDay(era.startedAt);
    const lastDay = new Date(startOfDay(era.endedAt ?? now).getTime() + DAY_MS);
    if (lastDay < filter.to) filter.to = lastDay;
  }
  return filter;
}

/**
 * Which model's predictions count, on a table aliased `alias` with
 * station_id, model_version_id and model_role: the chosen version; else each
 * station's active model now; else (a filter built by hand) whichever model
 * was active when it predicted, so a unit with a candidate is not counted twice.
 */
export function modelCondition(filter: EvidenceFilter, alias: "r" | "c"): Prisma.Sql {
  const a = Prisma.raw(alias);
  if (filter.modelVersionId) return Prisma.sql`${a}.model_version_id = ${filter.modelVersionId}::uuid`;
  if (filter.currentModels) {
    if (filter.currentModels.length === 0) return Prisma.sql`FALSE`;
    return Prisma.sql`(${a}.station_id, ${a}.model_version_id) IN (${Prisma.join(filter.currentModels.map((m) => Prisma.sql`(${m.stationId}::uuid, ${m.modelVersionId}::uuid)`))})`;
  }
  return Prisma.sql`${a}.model_role = 'ACTIVE'`;
}

/**
 * The WHERE clause of a filtered aggregate over an evidence rollup (aliased
 * r). Without a model version, only the active model's predictions count, so
 * a unit with a candidate beside it is not counted twice.
 */
export function rollupWhere(filter: EvidenceFilter): Prisma.Sql {
  const conditions = [Prisma.sql`r.day >= ${isoDay(filter.from)}::date`, Prisma.sql`r.day < ${isoDay(filter.to)}::date`];
  if (filter.stationId) conditions.push(Prisma.sql`r.station_id = ${filter.stationId}::uuid`);
  conditions.push(modelCondition(filter, "r"));
  if (filter.inspectorId) conditions.push(Prisma.sql`r.inspector_id = ${filter.inspectorId}`);
  if (filter.lighting) conditions.push(Prisma.sql`r.lighting = ${filter.lighting}`);
  if (filter.level) conditions.push(Prisma.sql`r.level = ${filter.level}::"AutomationLevel"`);
  return Prisma.join(conditions, " AND ");
}
