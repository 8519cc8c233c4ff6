import type { DbOrTx } from "../db/index.ts";
import { formatInstant, instantOf } from "../text/index.ts";

// A line works in shifts; an inspector's count of the day is their shift's,
// kept by the server (a reload, another tab or another browser does not
// reset it). Three eight-hour shifts a day, by the station's own clock.

/** When the shifts begin, in hours of the station's local day. */
export const SHIFT_START_HOURS = [6, 14, 22] as const;

/** The start of the shift running at `now`, by the clock of `timeZone`. */
export function shiftStart(now: Date, timeZone: string): Date {
  const [today] = formatInstant(now, { timeZone }).split(" ") as [string];
  const yesterday = formatInstant(new Date(now.getTime() - 86_400_000), { timeZone }).split(" ")[0] as string;
  const starts = [yesterday, today]
    .flatMap((day) => SHIFT_START_HOURS.map((hour) => instantOf(`${day} ${String(hour).padStart(2, "0")}:00`, timeZone)))
    .filter((at): at is Date => at !== null && at.getTime() <= now.getTime());
  return starts.reduce((latest, at) => (at > latest ? at : latest));
}

/**
 * The inspector's own verdicts at the station this shift that were decided
 * before `asOf` (the moment the page asked: it adds the ones it gave since,
 * so none is counted twice or missed while in flight).
 */
export async function judgedThisShift(
  db: DbOrTx,
  scope: { stationId: string; inspectorId: string; timeZone: string; asOf: Date; now?: Date },
): Promise<{ since: Date; judged: number }> {
  const now = scope.now ?? new Date();
  const since = shiftStart(now, scope.timeZone);
  const until = scope.asOf < now ? scope.asOf : now;
  const judged = await db.verdict.count({
    where: { stationId: scope.stationId, inspectorId: scope.inspectorId, source: "INSPECTOR", decidedAt: { gte: since, lt: until } },
  });
  return { since, judged };
}
