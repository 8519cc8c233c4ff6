import { describe, expect, it } from "vitest";
import { whatIfFromCounts, whatIfLevels } from "./what-if.ts";

const proposal = { level: "PARTIAL" as const, okThreshold: 0.05, defectThreshold: 0.95, auditShare: 0.1 };

describe("whatIfFromCounts", () => {
  it("takes the audit share off what the model decides alone, and prices the time saved", () => {
    const result = whatIfFromCounts({ units: 1000, decidable: 600, escapedDefects: 3, falseRejects: 6, disagreements: 12, meanDecisionMs: 2400 }, proposal);
    expect(result.decidedByModel).toBeCloseTo(540, 10);
    expect(result.shareDecidedByModel).toBeCloseTo(0.54, 10);
    expect(result.expectedEscapedDefects).toBeCloseTo(2.7, 10);
    expect(result.escapedPerThousand).toBeCloseTo(2.7, 10);
    expect(result.expectedFalseRejects).toBeCloseTo(5.4, 10);
    expect(result.disagreementRateAmongDecided).toBeCloseTo(0.02, 10);
    // 540 units x 2.4 s = 1296 s = 0.36 h.
    expect(result.inspectorHoursSaved).toBeCloseTo(0.36, 10);
  });

  it("has no rates without evidence", () => {
    const result = whatIfFromCounts({ units: 0, decidable: 0, escapedDefects: 0, falseRejects: 0, disagreements: 0, meanDecisionMs: null }, proposal);
    expect(result).toMatchObject({
      decidedByModel: 0,
      shareDecidedByModel: null,
      escapedPerThousand: null,
      disagreementRateAmongDecided: null,
      inspectorHoursSaved: null,
    });
  });
});

describe("whatIfLevels", () => {
  it("offers only the station's own level or the one above it, one level at a time", () => {
    expect(whatIfLevels("AI_ASSIST")).toEqual([{ level: "PARTIAL", isReachable: true }]);
    expect(whatIfLevels("PARTIAL")).toEqual([
      { level: "PARTIAL", isReachable: true },
      { level: "FULL", isReachable: true },
    ]);
    expect(whatIfLevels("FULL")).toEqual([{ level: "FULL", isReachable: true }]);
  });

  it("below AI assistance offers partial for planning only, never full", () => {
    expect(whatIfLevels("SHADOW")).toEqual([{ level: "PARTIAL", isReachable: false }]);
    expect(whatIfLevels("HUMAN_ONLY")).toEqual([{ level: "PARTIAL", isReachable: false }]);
  });
});
