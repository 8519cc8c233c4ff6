import { describe, expect, it } from "vitest";
import { scoreBinOf } from "./bins.ts";
import { operatingPointOf, thresholdWhatIf, type ScoreBinCounts } from "./threshold-what-if.ts";

// 10 units: P(defect) 0.001 (human OK x4, human defect x1), 0.5 (OK x1, defect x1), 0.995 (OK x1, defect x2).
const bins: ScoreBinCounts[] = [
  { bin: scoreBinOf(0.001), humanOk: 4, humanDefect: 1 },
  { bin: scoreBinOf(0.5), humanOk: 1, humanDefect: 1 },
  { bin: scoreBinOf(0.995), humanOk: 1, humanDefect: 2 },
];

describe("operatingPointOf", () => {
  it("counts what the model would decide alone and where it would disagree", () => {
    const point = operatingPointOf(bins, 0.05, 0.95);
    expect(point.units).toBe(10);
    expect(point.decided.successes).toBe(8);
    expect(point.escapedDefects).toBe(1);
    expect(point.falseRejects).toBe(1);
    expect(point.disagreement.rate).toBe(2 / 8);
  });

  it("decides nothing at thresholds nothing clears", () => {
    const point = operatingPointOf(bins, 0, 1.01);
    expect(point.decided.successes).toBe(0);
    expect(point.disagreement.rate).toBeNull();
  });

  it("decides everything when the thresholds meet", () => {
    expect(operatingPointOf(bins, 0.5, 0.5).decided.rate).toBe(1);
  });
});

describe("thresholdWhatIf", () => {
  it("runs from 0.5 to 0.99 and decides fewer units as the threshold rises", () => {
    const curve = thresholdWhatIf(bins);
    expect(curve).toHaveLength(50);
    expect(curve[0]!.defectThreshold).toBe(0.5);
    expect(curve.at(-1)!.defectThreshold).toBe(0.99);
    for (let i = 1; i < curve.length; i++) expect(curve[i]!.decided.successes).toBeLessThanOrEqual(curve[i - 1]!.decided.successes);
    expect(curve.at(-1)!.decided.successes).toBe(8);
  });

  it("is empty of units without data", () => {
    expect(thresholdWhatIf([]).every((p) => p.units === 0 && p.decided.rate === null)).toBe(true);
  });
});
