import { z } from "zod";

// One rule for the times people and machines give the app. A moment reported
// by a camera or an inspector's browser is within a day of the server's clock
// (outboxes deliver late, clocks drift; a year 0001 or 9999 is neither). A
// day typed into a filter is clamped to the days the app can hold evidence
// for: from 2000-01-01 to tomorrow.

const DAY_MS = 86_400_000;
export const EARLIEST_DAY = "2000-01-01";

/** Whether a reported moment is within a day of `now`, either way. */
export function isWithinADay(at: Date, now: Date = new Date()): boolean {
  return Math.abs(at.getTime() - now.getTime()) <= DAY_MS;
}

/** An ISO 8601 moment with its offset, within a day of the server's clock when it is parsed. */
export function reportedMoment() {
  return z.iso.datetime({ offset: true }).refine((value) => isWithinADay(new Date(value)), "must be within a day of the server's clock");
}

/** A YYYY-MM-DD day clamped to [2000-01-01, tomorrow (UTC)]. */
export function clampDay(day: string, now: Date = new Date()): string {
  const latest = new Date(now.getTime() + DAY_MS).toISOString().slice(0, 10);
  if (day < EARLIEST_DAY) return EARLIEST_DAY;
  return day > latest ? latest : day;
}

/** A filter's day as typed in a URL: a valid YYYY-MM-DD, clamped (clampDay). */
export const filterDay = z.iso.date().transform((day) => clampDay(day));

/** A moment in the app's past (a drift baseline's bounds): from 2000-01-01 to a day ahead of the server's clock. */
export function pastMoment() {
  return z.iso
    .datetime({ offset: true })
    .refine((value) => value.slice(0, 10) >= EARLIEST_DAY && Date.parse(value) <= Date.now() + DAY_MS, `must be between ${EARLIEST_DAY} and tomorrow`);
}
