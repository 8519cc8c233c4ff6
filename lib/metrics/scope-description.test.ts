import { describe, expect, it } from "vitest";
import type { FilterOptions } from "./filter-options.ts";
import { describeEvidenceScope } from "./scope-description.ts";

const options: FilterOptions = {
  stations: [
    { slug: "l1", name: "Line 1", labels: ["ok"], okThreshold: 0.05, defectThreshold: 0.95 },
    { slug: "l2", name: "Line 2", labels: ["ok"], okThreshold: 0.05, defectThreshold: 0.95 },
  ],
  models: [{ version: "v2" }, { version: "v1" }],
  eras: [{ id: "e1", stationSlug: "l2", stationName: "Line 2", level: "AI_ASSIST", startedAt: new Date("2026-11-10T08:00:00Z"), endedAt: null }],
  inspectors: [{ id: "i1", name: "Ines" }],
};
const range = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") };
const current = [
  { stationId: "s1", modelVersionId: "m2", version: "v2" },
  { stationId: "s2", modelVersionId: "m1", version: "v1" },
];

describe("describeEvidenceScope", () => {
  it("names each station's active model when no model is chosen, and the days shown", () => {
    expect(describeEvidenceScope({}, { ...range, currentModels: current }, options)).toBe(
      "all stations · each station's active model (v2, v1) · 2026-11-01 to 2026-11-30",
    );
  });

  it("says an era's station and level, not 'all stations', when an era is selected", () => {
    expect(describeEvidenceScope({ era: "e1" }, { ...range, currentModels: [current[1]!] }, options)).toBe(
      "Line 2 · its active model v1 · the AI assistance era from 2026-11-10 to now · 2026-11-01 to 2026-11-30",
    );
  });

  it("lists every other filter applied", () => {
    expect(describeEvidenceScope({ station: "l1", model: "v1", inspector: "i1", lighting: "dark" }, { ...range, modelVersionId: "m1" }, options)).toBe(
      "Line 1 · model v1 · inspector Ines · lighting: dark (brightness < 0.2) · 2026-11-01 to 2026-11-30",
    );
  });
});
