import { describe, expect, it } from "vitest";
import { canonicalTimeZone, formatDay, formatInstant, formatTime, instantOf, knownTimeZones } from "./dates.ts";

describe("formatInstant", () => {
  const at = new Date("2026-12-01T23:46:07.5Z");

  it("writes a moment in ISO order with its zone, UTC by default", () => {
    expect(formatInstant(at)).toBe("2026-12-01 23:46 UTC");
    expect(formatInstant(at, { seconds: true })).toBe("2026-12-01 23:46:07 UTC");
  });

  it("writes it in a station's own zone, the day turning where the zone's does", () => {
    expect(formatInstant(at, { timeZone: "Europe/Berlin" })).toBe("2026-12-02 00:46 Europe/Berlin");
    expect(formatDay(at, "Europe/Berlin")).toBe("2026-12-02");
    expect(formatDay(at)).toBe("2026-12-01");
  });

  it("writes midnight as 00, not 24", () => {
    expect(formatInstant(new Date("2026-12-02T00:00:00Z"))).toBe("2026-12-02 00:00 UTC");
  });
});

describe("formatTime", () => {
  it("gives the time of day to the second with the zone", () => {
    expect(formatTime(new Date("2026-12-01T09:05:03Z"))).toBe("09:05:03 UTC");
  });
});

describe("canonicalTimeZone", () => {
  it("spells a known zone as the runtime does, and knows no made-up one", () => {
    expect(canonicalTimeZone("Asia/Shanghai")).toBe("Asia/Shanghai");
    expect(canonicalTimeZone("asia/shanghai")).toBe("Asia/Shanghai");
    expect(canonicalTimeZone("utc")).toBe("UTC");
    expect(canonicalTimeZone("Mars/Olympus_Mons")).toBeNull();
    expect(canonicalTimeZone("")).toBeNull();
    expect(canonicalTimeZone("Europe/Berlin; DROP TABLE")).toBeNull();
  });

  it("offers UTC first, then every IANA zone once", () => {
    const zones = knownTimeZones();
    expect(zones[0]).toBe("UTC");
    expect(zones).toContain("Asia/Shanghai");
    expect(new Set(zones).size).toBe(zones.length);
    expect(zones.every((zone) => canonicalTimeZone(zone) !== null)).toBe(true);
  });
});

describe("instantOf", () => {
  it("reads a wall-clock time in a zone back to the moment formatInstant wrote", () => {
    const at = new Date("2026-07-15T06:30:00Z");
    for (const zone of ["UTC", "Europe/Berlin", "Asia/Shanghai", "America/New_York", "Asia/Kolkata"]) {
      const wall = formatInstant(at, { timeZone: zone }).replace(` ${zone}`, "");
      expect(instantOf(wall, zone)?.toISOString(), zone).toBe(at.toISOString());
    }
    expect(instantOf("2026-12-01T08:30", "Asia/Shanghai")?.toISOString()).toBe("2026-12-01T00:30:00.000Z");
  });

  it("takes the first of a time that happens twice and moves past one that never happens", () => {
    // Berlin, 2026-10-25: 02:30 happens at 00:30Z (summer time) and 01:30Z.
    expect(instantOf("2026-10-25 02:30", "Europe/Berlin")?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    // Berlin, 2026-03-29: clocks jump from 02:00 to 03:00; 02:30 does not exist.
    expect(instantOf("2026-03-29 02:30", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });

  it("knows no time that is not one", () => {
    for (const text of ["", "yesterday", "2026-02-30 10:00", "2026-12-01 24:00", "2026-12-01 10:60", "2026-12-01"]) expect(instantOf(text), text).toBeNull();
  });
});
