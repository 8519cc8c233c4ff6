import { describe, expect, it } from "vitest";
import { clampDay, filterDay, isWithinADay, pastMoment, reportedMoment } from "./plausible.ts";

const now = new Date("2026-12-01T12:00:00Z");

describe("plausible times", () => {
  it("takes a reported moment within a day of the server's clock, either way, and nothing further", () => {
    expect([
      isWithinADay(new Date("2026-11-30T12:00:00Z"), now),
      isWithinADay(new Date("2026-12-02T12:00:00Z"), now),
      isWithinADay(new Date("2026-11-30T11:59:59Z"), now),
      isWithinADay(new Date("0001-01-01T00:00:00Z"), now),
      isWithinADay(new Date("9999-12-31T00:00:00Z"), now),
    ]).toEqual([true, true, false, false, false]);
    expect(reportedMoment().safeParse(new Date().toISOString()).success).toBe(true);
    const old = reportedMoment().safeParse("0001-01-01T00:00:00Z");
    expect(old.success ? "" : old.error.issues[0]?.message).toBe("must be within a day of the server's clock");
  });

  it("clamps a filter's day to 2000-01-01 .. tomorrow, and refuses what is not a day", () => {
    expect([clampDay("0001-01-01", now), clampDay("9999-12-31", now), clampDay("2026-06-15", now), clampDay("2026-12-02", now)]).toEqual([
      "2000-01-01",
      "2026-12-02",
      "2026-06-15",
      "2026-12-02",
    ]);
    expect(filterDay.safeParse("2026-13-45").success).toBe(false);
  });

  it("takes a past moment from 2000 to tomorrow", () => {
    expect(pastMoment().safeParse("2026-11-01T00:00:00Z").success).toBe(true);
    expect(pastMoment().safeParse("1999-12-31T23:00:00Z").success).toBe(false);
    expect(pastMoment().safeParse("9999-12-31T00:00:00Z").success).toBe(false);
  });
});
