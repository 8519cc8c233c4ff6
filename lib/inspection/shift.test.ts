import { describe, expect, it } from "vitest";
import { shiftStart } from "./shift.ts";

describe("shiftStart", () => {
  it("is the latest of 06:00, 14:00 and 22:00 by the station's clock", () => {
    expect(shiftStart(new Date("2026-12-02T09:30:00Z"), "UTC").toISOString()).toBe("2026-12-02T06:00:00.000Z");
    expect(shiftStart(new Date("2026-12-02T14:00:00Z"), "UTC").toISOString()).toBe("2026-12-02T14:00:00.000Z");
    // Shanghai is UTC+8: 09:30Z is 17:30 there, in the shift that began at 14:00 local (06:00Z).
    expect(shiftStart(new Date("2026-12-02T09:30:00Z"), "Asia/Shanghai").toISOString()).toBe("2026-12-02T06:00:00.000Z");
  });

  it("reaches back to yesterday's night shift after midnight", () => {
    // 03:00 in Berlin (UTC+1 in winter): the shift began at 22:00 the day before, 21:00Z.
    expect(shiftStart(new Date("2026-12-02T02:00:00Z"), "Europe/Berlin").toISOString()).toBe("2026-12-01T21:00:00.000Z");
  });
});
