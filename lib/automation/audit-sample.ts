import type { DbOrTx } from "../db/index.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { wilsonInterval, type Proportion } from "../metrics/index.ts";
import { OK_LABEL } from "../stations/index.ts";

// At partial and full automation people see only the audit share: a random
// draw of the units the model decides alone (lib/automation/routing.ts), shown
// without the model's answer (blind by construction). Those units are the
// only measurement of how the model does when nobody else looks; this reads
// them per day and over a rolling week, beside what the same model did in
// shadow mode on the same kind of units (those it would have decided alone
// under the station's thresholds), so a drop shows against its own past.

/** Days a rolling window covers. */
export const AUDIT_ROLLING_DAYS = 7;

export interface AuditFigures {
  units: number;
  /** The model's label equals the reference (the adjudicated truth where settled, else the inspector's). */
  agreement: Proportion;
  /** Of the units the reference calls defective, the share the model rejected. */
  recall: Proportion;
  /** Of the units the reference calls ok, the share the model rejected. */
  falseRejects: Proportion;
}

export interface AuditSample {
  /** Per UTC day, oldest first, days with audited units only. */
  days: ({ day: string } & AuditFigures)[];
  /** The last AUDIT_ROLLING_DAYS days together. */
  rolling: AuditFigures;
  /** Every audited unit since `since`. */
  total: AuditFigures;
  /** The same model in shadow mode, on the units it would have decided alone: the yardstick. */
  shadow: AuditFigures;
}

interface CountRow {
  day: string | null;
  units: number;
  agree: number;
  defects: number;
  caught: number;
  oks: number;
  rejected: number;
}

function figuresOf(row: Omit<CountRow, "day"> | undefined): AuditFigures {
  const r = row ?? { units: 0, agree: 0, defects: 0, caught: 0, oks: 0, rejected: 0 };
  return {
    units: r.units,
    agreement: wilsonInterval(r.agree, r.units),
    recall: wilsonInterval(r.caught, r.defects),
    falseRejects: wilsonInterval(r.rejected, r.oks),
  };
}

/** The reference a compared unit `c` is judged against: the adjudicated truth where settled, else the inspector. */
export const AUDIT_REFERENCE = Prisma.sql`COALESCE(c.truth, c.human_label)`;

const COUNTS = Prisma.sql`count(*)::int AS units,
       count(*) FILTER (WHERE c.model_label = ${AUDIT_REFERENCE})::int AS agree,
       count(*) FILTER (WHERE ${AUDIT_REFERENCE} <> ${OK_LABEL})::int AS defects,
       count(*) FILTER (WHERE ${AUDIT_REFERENCE} <> ${OK_LABEL} AND c.model_label <> ${OK_LABEL})::int AS caught,
       count(*) FILTER (WHERE ${AUDIT_REFERENCE} = ${OK_LABEL})::int AS oks,
       count(*) FILTER (WHERE ${AUDIT_REFERENCE} = ${OK_LABEL} AND c.model_label <> ${OK_LABEL})::int AS rejected`;

/**
 * The audit sample of the station's active model since `since`: units decided
 * at full automation, and at partial those the model was sure enough of to
 * decide alone (P(defect) at or below okThreshold, at or above
 * defectThreshold) that the audit draw sent to a person.
 */
export async function auditSample(
  db: DbOrTx,
  scope: { stationId: string; modelVersionId: string; since: Date; okThreshold: number; defectThreshold: number; now?: Date },
): Promise<AuditSample> {
  const thresholds = Prisma.sql`${scope.okThreshold}::float8, ${scope.defectThreshold}::float8`;
  const base = Prisma.sql`c.station_id = ${scope.stationId}::uuid AND c.model_version_id = ${scope.modelVersionId}::uuid AND c.model_role = 'ACTIVE'`;
  const audited = Prisma.sql`${base} AND c.decided_at >= ${scope.since} AND model_decides(c.level, c.defect_score, ${thresholds})`;
  const rollingFrom = new Date((scope.now ?? new Date()).getTime() - AUDIT_ROLLING_DAYS * 86_400_000);
  const [days, [rolling], [total], [shadow]] = await Promise.all([
    db.$queryRaw<CountRow[]>`
      SELECT to_char((c.decided_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, ${COUNTS}
        FROM comparisons c WHERE ${audited} GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<CountRow[]>`SELECT NULL AS day, ${COUNTS} FROM comparisons c WHERE ${audited} AND c.decided_at >= ${rollingFrom}`,
    db.$queryRaw<CountRow[]>`SELECT NULL AS day, ${COUNTS} FROM comparisons c WHERE ${audited}`,
    // Shadow mode: every unit went to a person without a suggestion; those the model would have decided alone.
    db.$queryRaw<
      CountRow[]
    >`SELECT NULL AS day, ${COUNTS} FROM comparisons c WHERE ${base} AND c.level = 'SHADOW' AND model_decides('PARTIAL', c.defect_score, ${thresholds})`,
  ]);
  return {
    days: days.map((row) => ({ day: row.day as string, ...figuresOf(row) })),
    rolling: figuresOf(rolling),
    total: figuresOf(total),
    shadow: figuresOf(shadow),
  };
}
