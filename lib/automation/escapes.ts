import { z } from "zod";
import { type Db, type DbOrTx, isUniqueViolation } from "../db/index.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { requestWorkSoon } from "../background/index.ts";
import { wilsonInterval, type Proportion } from "../metrics/index.ts";
import { OK_LABEL } from "../stations/index.ts";
import { pastMoment } from "../time/index.ts";
import { refuse, type Refusal } from "../refusals/index.ts";

// Once the model decides alone, the truth that matters most arrives later: a
// unit failing its end-of-line test, a customer's return. Each such finding
// is kept against the unit and attributed to whoever decided it, so escapes
// per million can be told apart by decider: the model alone, an inspector,
// or an inspector shown the model's answer.

/** People who may report an escape by hand (a rig posts with its station's token). */
export const MAY_REPORT_ESCAPES = ["ENGINEER", "MANAGER", "ADMIN"] as const;

export const ESCAPE_PLACES = ["end-of-line test", "customer return", "other"] as const;

/** Who decided a unit, as escapes are counted. */
export type Decider = "MODEL" | "INSPECTOR" | "ASSISTED";

export const DECIDER_LABELS: Record<Decider, string> = {
  MODEL: "The model alone",
  INSPECTOR: "An inspector",
  ASSISTED: "An inspector shown the model's answer",
};

/** How far back the escape rates count decided units. */
export const ESCAPE_WINDOW_DAYS = 90;

export const escapeInputSchema = z
  .object({
    unit: z.uuid().optional().describe("The unit's capture id."),
    externalId: z.string().trim().min(1).max(128).optional().describe("Or the camera's id for the unit's photo."),
    found: z.string().trim().min(1).max(64).describe('"ok" (found good) or one of the station\'s defect class keys (found defective).'),
    foundAt: pastMoment().describe("When it was found."),
    where: z.enum(ESCAPE_PLACES).describe("Where it was found."),
    note: z.string().trim().max(1000).default(""),
    idempotencyKey: z.string().trim().min(8).max(128).describe("The same key again answers the escape already stored."),
  })
  .strict()
  .refine((input) => (input.unit ? 1 : 0) + (input.externalId ? 1 : 0) === 1, { message: "Name the unit by `unit` (its id) or `externalId`, one of them." });

export type EscapeInput = z.infer<typeof escapeInputSchema>;

export type EscapeResult =
  | { ok: true; replayed: boolean; escape: { id: string; captureId: string; decision: string; decider: Decider; found: string; isEscape: boolean } }
  | Refusal<"unit" | "undecided" | "label">;

/**
 * Each unit's deciding verdict, as one SQL source for every reader: its first
 * verdict (a model's, or a person's; imports and adjudications decide
 * nothing), and who gave it.
 */
export function decidingVerdicts(where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT ON (v.capture_id) v.capture_id, v.label, v.decided_at,
           CASE WHEN v.source = 'MODEL' THEN 'MODEL' WHEN v.suggestion_shown THEN 'ASSISTED' ELSE 'INSPECTOR' END AS decider
      FROM verdicts v
     WHERE v.source IN ('MODEL', 'INSPECTOR') AND ${where}
     ORDER BY v.capture_id, v.decided_at, v.created_at`;
}

/** The deciding verdicts of some units of a station, by unit. */
export async function decisionsOf(db: DbOrTx, stationId: string, captureIds: readonly string[]): Promise<Map<string, { label: string; decider: Decider }>> {
  if (captureIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ capture_id: string; label: string; decider: Decider }[]>`
    ${decidingVerdicts(Prisma.sql`v.station_id = ${stationId}::uuid AND v.capture_id = ANY(${captureIds as string[]}::uuid[])`)}`;
  return new Map(rows.map((row) => [row.capture_id, { label: row.label, decider: row.decider }]));
}

/** The row a finding is stored as. */
export function escapeRow(stationId: string, captureId: string, input: EscapeInput, reporter: { userId: string | null; tokenId: string | null }) {
  return {
    stationId,
    captureId,
    found: input.found,
    foundAt: new Date(input.foundAt),
    foundWhere: input.where,
    note: input.note,
    reportedById: reporter.userId,
    reportedByTokenId: reporter.tokenId,
    idempotencyKey: input.idempotencyKey,
  };
}

/** Records what was found about a decided unit; idempotent by key. An escape is evidence: the station's review is requested before this returns. */
export async function recordEscape(
  db: Db,
  station: { id: string },
  input: EscapeInput,
  reporter: { userId: string | null; tokenId: string | null },
): Promise<EscapeResult> {
  const result = await storeEscape(db, station, input, reporter);
  // It may break the escape gate of a station at FULL (a replay too: its first answer may never have left).
  if (result.ok) await requestWorkSoon(db, station.id, "review");
  return result;
}

async function storeEscape(
  db: Db,
  station: { id: string },
  input: EscapeInput,
  reporter: { userId: string | null; tokenId: string | null },
): Promise<EscapeResult> {
  const capture = await db.capture.findFirst({
    where: { stationId: station.id, ...(input.unit ? { id: input.unit } : { externalId: input.externalId }) },
    select: { id: true, decidedAt: true },
  });
  if (!capture) return refuse("not-found", "unit", `No unit ${input.unit ?? input.externalId} at this station.`);
  const decision = (await decisionsOf(db, station.id, [capture.id])).get(capture.id);
  if (!capture.decidedAt || !decision) return refuse("conflict", "undecided", "The station has not decided this unit yet: nothing escaped.");
  const classes = await db.defectClass.findMany({ where: { stationId: station.id }, select: { key: true } });
  if (input.found !== OK_LABEL && !classes.some((c) => c.key === input.found)) {
    return refuse("invalid", "label", `"${input.found}" is neither "ok" nor a defect class of this station (${classes.map((c) => c.key).join(", ")}).`);
  }
  const answer = (row: { id: string; found: string }, replayed: boolean): EscapeResult => ({
    ok: true,
    replayed,
    escape: {
      id: row.id,
      captureId: capture.id,
      decision: decision.label,
      decider: decision.decider,
      found: row.found,
      isEscape: isEscapeOf(decision.label, row.found),
    },
  });
  const existing = await db.escape.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
  if (existing) return answer(existing, true);
  try {
    const row = await db.escape.create({ data: escapeRow(station.id, capture.id, input, reporter) });
    return answer(row, false);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return answer(await db.escape.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey } }), true);
  }
}

/** A finding contradicts the decision: a defect passed as ok, or a good unit rejected. */
export function isEscapeOf(decision: string, found: string): boolean {
  return (decision === OK_LABEL) !== (found === OK_LABEL);
}

export interface EscapeRate {
  decider: Decider;
  /** Units this decider decided in the window. */
  units: number;
  /** Of those passed as ok, how many were found defective later. */
  escapedDefects: Proportion;
  /** Of those rejected, how many were found good later. */
  rejectedGood: Proportion;
}

/** Escapes per decider over the units decided in the last `days` days (a unit found twice counts once). */
export async function escapeRates(db: DbOrTx, stationId: string, options: { days?: number; now?: Date } = {}): Promise<EscapeRate[]> {
  const since = new Date((options.now ?? new Date()).getTime() - (options.days ?? ESCAPE_WINDOW_DAYS) * 86_400_000);
  const rows = await db.$queryRaw<{ decider: Decider; units: number; passed: number; escaped: number; rejected: number; rejected_good: number }[]>`
    WITH decided AS (${decidingVerdicts(Prisma.sql`v.station_id = ${stationId}::uuid AND v.decided_at >= ${since}`)}
    ), found AS (
      SELECT e.capture_id, bool_or(e.found <> ${OK_LABEL}) AS defective, bool_or(e.found = ${OK_LABEL}) AS good
        FROM escapes e WHERE e.station_id = ${stationId}::uuid GROUP BY e.capture_id
    )
    SELECT d.decider, count(*)::int AS units,
           count(*) FILTER (WHERE d.label = ${OK_LABEL})::int AS passed,
           count(*) FILTER (WHERE d.label = ${OK_LABEL} AND f.defective)::int AS escaped,
           count(*) FILTER (WHERE d.label <> ${OK_LABEL})::int AS rejected,
           count(*) FILTER (WHERE d.label <> ${OK_LABEL} AND f.good)::int AS rejected_good
      FROM decided d LEFT JOIN found f ON f.capture_id = d.capture_id
     GROUP BY d.decider`;
  const byDecider = new Map(rows.map((row) => [row.decider, row]));
  return (Object.keys(DECIDER_LABELS) as Decider[]).map((decider) => {
    const row = byDecider.get(decider);
    return {
      decider,
      units: row?.units ?? 0,
      escapedDefects: wilsonInterval(row?.escaped ?? 0, row?.passed ?? 0),
      rejectedGood: wilsonInterval(row?.rejected_good ?? 0, row?.rejected ?? 0),
    };
  });
}
