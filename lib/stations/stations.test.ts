import { describe, expect, it } from "vitest";
import { newStationSchema } from "./stations.ts";
import { labelsOf } from "./taxonomy.ts";

describe("newStationSchema", () => {
  it("gives a station the default taxonomy when none is given", () => {
    const station = newStationSchema.parse({ slug: "line-9", name: "Line 9" });
    expect(station.defectClasses.map((c) => c.key)).toEqual(["scratch", "crack", "dent"]);
  });

  it("refuses 'ok' as a defect class", () => {
    const result = newStationSchema.safeParse({ slug: "line-9", name: "L", defectClasses: [{ key: "ok", label: "OK" }] });
    expect(result.success).toBe(false);
  });

  it("refuses duplicate keys, bad slugs and unknown fields", () => {
    const twice = [
      { key: "scratch", label: "A" },
      { key: "scratch", label: "B" },
    ];
    expect(newStationSchema.safeParse({ slug: "line-9", name: "L", defectClasses: twice }).success).toBe(false);
    expect(newStationSchema.safeParse({ slug: "../etc", name: "L" }).success).toBe(false);
    expect(newStationSchema.safeParse({ slug: "Line 9", name: "L" }).success).toBe(false);
    expect(newStationSchema.safeParse({ slug: "line-9", name: "L", level: "FULL" }).success).toBe(false);
  });
});

describe("labelsOf", () => {
  it("lists ok first, then the station's classes in order", () => {
    expect(labelsOf([{ key: "dent" }, { key: "crack" }])).toEqual(["ok", "dent", "crack"]);
  });
});
