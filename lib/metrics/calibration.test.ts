import { describe, expect, it } from "vitest";
import { calibrationBinOf, calibrationOf, calibrationOfSamples } from "./calibration.ts";

describe("calibration", () => {
  it("computes reliability bins and ECE by hand", () => {
    // Bin 0.9-1.0: 4 units at 0.95, 3 right -> |0.75 - 0.95| = 0.2, weight 4/6.
    // Bin 0.6-0.7: 2 units at 0.65, 1 right -> |0.5 - 0.65| = 0.15, weight 2/6.
    const samples = [
      ...[true, true, true, false].map((correct) => ({ confidence: 0.95, correct })),
      { confidence: 0.65, correct: true },
      { confidence: 0.65, correct: false },
    ];
    const calibration = calibrationOfSamples(samples, 10);
    expect(calibration.ece).toBeCloseTo((4 / 6) * 0.2 + (2 / 6) * 0.15, 12);
    expect(calibration.bins[9]).toMatchObject({ count: 4, accuracy: 0.75 });
    expect(calibration.bins[9]!.meanConfidence).toBeCloseTo(0.95, 12);
    expect(calibration.bins[6]).toMatchObject({ count: 2, accuracy: 0.5 });
    expect(calibration.bins[0]).toEqual({ low: 0, high: 0.1, count: 0, meanConfidence: null, accuracy: null });
  });

  it("is 0 for a perfectly calibrated model", () => {
    const samples = [
      { confidence: 0.75, correct: true },
      { confidence: 0.75, correct: true },
      { confidence: 0.75, correct: true },
      { confidence: 0.75, correct: false },
    ];
    expect(calibrationOfSamples(samples, 10).ece).toBeCloseTo(0, 12);
  });

  it("has no ECE without data", () => {
    const calibration = calibrationOf([], 5);
    expect(calibration.ece).toBeNull();
    expect(calibration.bins).toHaveLength(5);
  });

  it("puts confidence 1 in the last bin", () => {
    expect(calibrationBinOf(1, 10)).toBe(9);
    expect(calibrationBinOf(0, 10)).toBe(0);
    expect(calibrationBinOf(0.1, 10)).toBe(1);
  });
});
