import type { Db } from "../db/client.ts";

export interface StationEvidence {
  stationId: string;
  slug: string;
  name: string;
  units: number;
  pendingUnits: number;
  inspectorVerdicts: number;
  predictions: number;
  /** Units with both an inspector's verdict and the active model's prediction. */
  comparedUnits: number;
  agreements: number;
}

/**
 * Per station: how much evidence there is so far. A unit counts as compared
 * once an inspector judged it and the station's active model predicted on it;
 * it agrees when the labels are equal. One SQL query over indexed tables.
 */
export async function stationEvidence(db: Db): Promise<StationEvidence[]> {
  const rows = await db.$queryRaw<
    {
      station_id: string;
      slug: string;
      name: string;
      units: bigint;
      pending_units: bigint;
      inspector_verdicts: bigint;
      predictions: bigint;
      compared_units: bigint;
      agreements: bigint;
    }[]
  >`
    WITH unit_counts AS (
      SELECT station_id, count(*) AS units, count(*) FILTER (WHERE decided_at IS NULL) AS pending_units
        FROM captures GROUP BY station_id
    ), verdict_counts AS (
      SELECT station_id, count(*) AS inspector_verdicts
        FROM verdicts WHERE source = 'INSPECTOR' GROUP BY station_id
    ), prediction_counts AS (
      SELECT station_id, count(*) AS predictions
        FROM predictions WHERE model_role = 'ACTIVE' GROUP BY station_id
    ), compared AS (
      SELECT v.station_id, count(*) AS compared_units, count(*) FILTER (WHERE v.label = p.decision) AS agreements
        FROM verdicts v
        JOIN predictions p ON p.capture_id = v.capture_id AND p.model_role = 'ACTIVE'
       WHERE v.source = 'INSPECTOR'
       GROUP BY v.station_id
    )
    SELECT s.id AS station_id, s.slug, s.name,
           COALESCE(u.units, 0) AS units, COALESCE(u.pending_units, 0) AS pending_units,
           COALESCE(v.inspector_verdicts, 0) AS inspector_verdicts, COALESCE(p.predictions, 0) AS predictions,
           COALESCE(c.compared_units, 0) AS compared_units, COALESCE(c.agreements, 0) AS agreements
      FROM stations s
      LEFT JOIN unit_counts u ON u.station_id = s.id
      LEFT JOIN verdict_counts v ON v.station_id = s.id
      LEFT JOIN prediction_counts p ON p.station_id = s.id
      LEFT JOIN compared c ON c.station_id = s.id
     ORDER BY s.name`;
  return rows.map((row) => ({
    stationId: row.station_id,
    slug: row.slug,
    name: row.name,
    units: Number(row.units),
    pendingUnits: Number(row.pending_units),
    inspectorVerdicts: Number(row.inspector_verdicts),
    predictions: Number(row.predictions),
    comparedUnits: Number(row.compared_units),
    agreements: Number(row.agreements),
  }));
}
