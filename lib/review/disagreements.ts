import type { DbOrTx } from "../db/index.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { labelsOf } from "../stations/index.ts";

export const REVIEW_PAGE_SIZE = 12;

export interface Disagreement {
  captureId: string;
  stationSlug: string;
  stationName: string;
  /** The station's time zone: when the unit was decided is shown in it. */
  timeZone: string;
  inspectorName: string | null;
  humanLabel: string;
  modelLabel: string;
  modelVersion: string;
  confidence: number;
  defectScore: number;
  decidedAt: Date;
  heatmap: number[] | null;
  /** The photo's pixels: the heatmap is drawn over the photo at its own proportions. */
  width: number;
  height: number;
  /** When photo retention removed the unit's photo (a settled unit's, past the retention); null while it is kept. */
  photoRemovedAt: Date | null;
  truth: string | null;
  note: string | null;
  /** The station's labels, for the adjudication form: ok first. */
  labels: string[];
}

export type SettledFilter = "all" | "open" | "settled";

export interface DisagreementPage {
  items: Disagreement[];
  total: number;
  unsettled: number;
}

/**
 * Units where the inspector and the station's active model disagreed: the ones
 * nobody settled yet first, and among those the model's most confident
 * disagreements first, since a confident model that contradicts a person is
 * either the model's worst error or the inspector's.
 */
export async function disagreementsForReview(
  db: DbOrTx,
  options: { stationId?: string; page?: number; settled?: SettledFilter } = {},
): Promise<DisagreementPage> {
  const station = options.stationId ? Prisma.sql`AND c.station_id = ${options.stationId}::uuid` : Prisma.empty;
  const offset = Math.max(0, (options.page ?? 0) * REVIEW_PAGE_SIZE);
  // From the daily rollup the comparisons' trigger keeps: a count that does not walk every disagreement ever.
  const [counts] = await db.$queryRaw<{ total: bigint; unsettled: bigint }[]>`
    SELECT coalesce(sum(units), 0) AS total, coalesce(sum(units) FILTER (WHERE truth = ''), 0) AS unsettled
      FROM evidence_daily c
     WHERE c.model_role = 'ACTIVE' AND c.human_label <> c.model_label ${station}`;
  // Open and settled disagreements each have a partial index in the page's order: each side walks its own
  // only as far as the page needs, and "all" puts the open ones first.
  const side = (isOpen: boolean) => Prisma.sql`(
      SELECT c.*
        FROM comparisons c
       WHERE c.model_role = 'ACTIVE' AND c.human_label <> c.model_label AND c.truth IS ${isOpen ? Prisma.sql`NULL` : Prisma.sql`NOT NULL`} ${station}
       ORDER BY c.confidence DESC, c.decided_at DESC, c.capture_id
       LIMIT ${offset + REVIEW_PAGE_SIZE})`;
  const listed =
    options.settled === "open"
      ? side(true)
      : options.settled === "settled"
        ? side(false)
        : Prisma.sql`(SELECT * FROM ${side(true)} AS open UNION ALL SELECT * FROM ${side(false)} AS settled)`;
  const rows = await db.$queryRaw<
    {
      capture_id: string;
      station_slug: string;
      station_name: string;
      time_zone: string;
      inspector_name: string | null;
      human_label: string;
      model_label: string;
      version: string;
      confidence: number;
      defect_score: number;
      decided_at: Date;
      heatmap: number[] | null;
      width: number;
      height: number;
      photo_removed_at: Date | null;
      truth: string | null;
      note: string | null;
      classes: string[];
    }[]
  >`
    SELECT c.capture_id, s.slug AS station_slug, s.name AS station_name, s.time_zone, u.name AS inspector_name, c.human_label, c.model_label,
           m.version, c.confidence, c.defect_score, c.decided_at, p.heatmap, k.width, k.height, k.photo_removed_at, c.truth, a.note,
           ARRAY(SELECT d.key FROM defect_classes d WHERE d.station_id = s.id AND d.retired_at IS NULL ORDER BY d.position) AS classes
      FROM ${listed} AS c
      JOIN stations s ON s.id = c.station_id
      JOIN model_versions m ON m.id = c.model_version_id
      JOIN predictions p ON p.id = c.prediction_id
      JOIN captures k ON k.id = c.capture_id
      LEFT JOIN users u ON u.id = c.inspector_id
      LEFT JOIN LATERAL (SELECT x.note FROM adjudications x WHERE x.capture_id = c.capture_id ORDER BY x.created_at DESC, x.id DESC LIMIT 1) a ON true
     ORDER BY (c.truth IS NULL) DESC, c.confidence DESC, c.decided_at DESC, c.capture_id
     LIMIT ${REVIEW_PAGE_SIZE} OFFSET ${offset}`;
  return {
    total: Number(counts?.total ?? 0),
    unsettled: Number(counts?.unsettled ?? 0),
    items: rows.map((r) => ({
      captureId: r.capture_id,
      stationSlug: r.station_slug,
      stationName: r.station_name,
      timeZone: r.time_zone,
      inspectorName: r.inspector_name,
      humanLabel: r.human_label,
      modelLabel: r.model_label,
      modelVersion: r.version,
      confidence: r.confidence,
      defectScore: r.defect_score,
      decidedAt: r.decided_at,
      heatmap: Array.isArray(r.heatmap) ? r.heatmap : null,
      width: r.width,
      height: r.height,
      photoRemovedAt: r.photo_removed_at,
      truth: r.truth,
      note: r.note,
      labels: labelsOf(r.classes.map((key) => ({ key }))),
    })),
  };
}
