import { describe, expect, it } from "vitest";
import { newStationSchema } from "./stations.ts";
import { defectClassesFromLabels, labelsOf } from "./taxonomy.ts";

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

describe("defectClassesFromLabels", () => {
  it("reads one class per comma or line, keyed by its lower-case words", () => {
    expect(defectClassesFromLabels("Scratch, Cracked  lens\n\nDent ,Bubble (glass)")).toEqual([
      { key: "scratch", label: "Scratch" },
      { key: "cracked-lens", label: "Cracked lens" },
      { key: "dent", label: "Dent" },
      { key: "bubble-glass", label: "Bubble (glass)" },
    ]);
    expect(defectClassesFromLabels("Éraflure")).toEqual([{ key: "eraflure", label: "Éraflure" }]);
    expect(defectClassesFromLabels(" , \n")).toEqual([]);
  });

  it("leaves keys the station schema refuses to it, with its reason", () => {
    const result = newStationSchema.safeParse({ slug: "line-9", name: "L", defectClasses: defectClassesFromLabels("OK, 3D dent") });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      "'ok' is the verdict for no defect, not a defect class",
      "use a lower-case word such as 'scratch'",
    ]);
  });
});
