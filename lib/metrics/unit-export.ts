import { z } from "zod";
import type { Role } from "../auth/index.ts";
import type { DbOrTx } from "../db/index.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { csvLines, type CsvCell } from "./csv.ts";
import { filterDay } from "../time/index.ts";
import { isoDay, modelCondition, rollupWhere, type EvidenceFilter } from "./evidence-filter.ts";
import { LIGHTING_BUCKET_KEYS } from "./lighting.ts";

// The dashboard's compared units one row each, as CSV: what an engineer takes
// to a notebook. A range can hold a million units, so the rows are read a
// page at a time in key order (never an OFFSET, never all in memory) and
// streamed; the total comes first from the daily rollups, which the
// comparisons' own triggers keep, so a page can show progress from the start.

/** Who may export: whoever may read the dashboard. */
export const MAY_EXPORT_EVIDENCE: readonly Role[] = ["ENGINEER", "MANAGER", "ADMIN"];

/** The dashboard's filters as the export's query: the same names, but a malformed value is refused, not dropped. */
export const unitExportQuerySchema = z
  .object({
    station: z.string().max(64).optional().describe("A station's slug."),
    model: z.string().max(64).optional().describe("A model version; else each station's active model."),
    era: z.uuid().optional().describe("An era's id: its station, days and level."),
    inspector: z.string().max(64).optional().describe("An inspector's id."),
    lighting: z.enum(LIGHTING_BUCKET_KEYS).optional(),
    from: filterDay.optional().describe("First day (UTC), YYYY-MM-DD; 30 days before `to` if omitted."),
    to: filterDay.optional().describe("Last day (UTC), YYYY-MM-DD, included; today if omitted."),
  })
  .strict();

export const UNIT_EXPORT_COLUMNS = [
  "decided_at",
  "station",
  "capture_id",
  "model_version",
  "model_role",
  "level",
  "inspector_id",
  "human_label",
  "model_label",
  "truth",
  "defect_score",
  "confidence",
  "suggestion_shown",
  "time_to_decide_ms",
  "lighting",
] as const;

/** Rows per query: big enough that a million rows are 200 queries, small enough to stream at once. */
export const UNIT_EXPORT_PAGE = 5_000;

/** The filter as a WHERE clause over `comparisons c`: the same units the dashboard's rollups count. */
export function comparisonWhere(filter: EvidenceFilter): Prisma.Sql {
  const conditions = [Prisma.sql`c.decided_at >= ${filter.from}`, Prisma.sql`c.decided_at < ${filter.to}`, modelCondition(filter, "c")];
  if (filter.stationId) conditions.push(Prisma.sql`c.station_id = ${filter.stationId}::uuid`);
  if (filter.inspectorId) conditions.push(Prisma.sql`c.inspector_id = ${filter.inspectorId}`);
  if (filter.lighting) conditions.push(Prisma.sql`lighting_bucket(c.brightness) = ${filter.lighting}`);
  if (filter.level) conditions.push(Prisma.sql`c.level = ${filter.level}::"AutomationLevel"`);
  return Prisma.join(conditions, " AND ");
}

/** How many rows the export of `filter` holds, from the daily rollups (no scan of the units). */
export async function unitExportTotal(db: DbOrTx, filter: EvidenceFilter): Promise<number> {
  const [row] = await db.$queryRaw<{ units: bigint | null }[]>`SELECT sum(r.units)::bigint AS units FROM evidence_daily r WHERE ${rollupWhere(filter)}`;
  return Number(row?.units ?? 0);
}

/** The export's file name: what and which days, e.g. units-line-1-screen-2026-11-01-to-2026-11-30.csv. */
export function unitExportFileName(filter: EvidenceFilter, stationSlug: string | null): string {
  const lastDay = isoDay(new Date(filter.to.getTime() - 86_400_000));
  return `units-${stationSlug ?? "all-stations"}-${isoDay(filter.from)}-to-${lastDay}.csv`;
}

interface ExportRow {
  decided_at: Date;
  prediction_id: string;
  verdict_id: string;
  station: string;
  capture_id: string;
  model_version: string;
  model_role: string;
  level: string;
  inspector_id: string | null;
  human_label: string;
  model_label: string;
  truth: string | null;
  defect_score: number;
  confidence: number;
  suggestion_shown: boolean;
  time_to_decide_ms: number | null;
  lighting: string;
}

/** The CSV of the filter's compared units, header first, oldest first, one page of rows per piece. */
export async function* unitExportCsv(db: DbOrTx, filter: EvidenceFilter, pageSize: number = UNIT_EXPORT_PAGE): AsyncGenerator<string> {
  yield csvLines([UNIT_EXPORT_COLUMNS]);
  const where = comparisonWhere(filter);
  let after: Pick<ExportRow, "decided_at" | "prediction_id" | "verdict_id"> | null = null;
  for (;;) {
    const rows: ExportRow[] = await db.$queryRaw<ExportRow[]>`
      SELECT c.decided_at, c.prediction_id, c.verdict_id, s.slug AS station, c.capture_id, m.version AS model_version, c.model_role::text,
             c.level::text, c.inspector_id, c.human_label, c.model_label, c.truth, c.defect_score, c.confidence, c.suggestion_shown,
             c.time_to_decide_ms, lighting_bucket(c.brightness) AS lighting
        FROM comparisons c
        JOIN stations s ON s.id = c.station_id
        JOIN model_versions m ON m.id = c.model_version_id
       WHERE ${where}
         ${after ? Prisma.sql`AND (c.decided_at, c.prediction_id, c.verdict_id) > (${after.decided_at}, ${after.prediction_id}::uuid, ${after.verdict_id}::uuid)` : Prisma.empty}
       ORDER BY c.decided_at, c.prediction_id, c.verdict_id
       LIMIT ${pageSize}`;
    if (rows.length === 0) return;
    yield csvLines(rows.map((r): CsvCell[] => UNIT_EXPORT_COLUMNS.map((column) => cellOf(r, column))));
    if (rows.length < pageSize) return;
    after = rows.at(-1) as ExportRow;
  }
}

function cellOf(row: ExportRow, column: (typeof UNIT_EXPORT_COLUMNS)[number]): CsvCell {
  const value = row[column];
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? "true" : "false";
  return value;
}
