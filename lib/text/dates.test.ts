import { describe, expect, it } from "vitest";
import { formatDay, formatInstant, formatTime } from "./dates.ts";

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
