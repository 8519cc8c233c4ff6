import { describe, expect, it } from "vitest";
import { confidenceBinOf, decisionTimeBinOf, decisionTimeQuantile, decisionTimeRangeOf, scoreBinOf } from "./bins.ts";

describe("bins", () => {
  it("puts the ends of [0, 1] in the first and last bins", () => {
    expect(confidenceBinOf(0)).toBe(0);
    expect(confidenceBinOf(1)).toBe(19);
    expect(scoreBinOf(0.0049)).toBe(0);
    expect(scoreBinOf(0.051)).toBe(10);
    expect(scoreBinOf(1)).toBe(199);
  });

  it("bins decision times on a 10% log scale that contains each time", () => {
    for (const ms of [150, 999, 1600, 4321, 60_000]) {
      const { low, high } = decisionTimeRangeOf(decisionTimeBinOf(ms));
      expect(ms).toBeGreaterThanOrEqual(low);
      expect(ms).toBeLessThan(high);
    }
    expect(decisionTimeBinOf(0)).toBe(0);
    expect(decisionTimeBinOf(3_600_000)).toBe(99);
  });
});

describe("decisionTimeQuantile", () => {
  it("is within the 10% bin width of the exact median", () => {
    const times = Array.from({ length: 1001 }, (_, i) => 500 + 5 * i); // median 3000 ms
    const counts = new Map<number, number>();
    for (const t of times) counts.set(decisionTimeBinOf(t), (counts.get(decisionTimeBinOf(t)) ?? 0) + 1);
    const median = decisionTimeQuantile(
      [...counts].map(([bin, units]) => ({ bin, units })),
      0.5,
    )!;
    expect(Math.abs(median - 3000) / 3000).toBeLessThan(0.1);
  });

  it("is null without data", () => {
    expect(decisionTimeQuantile([], 0.5)).toBeNull();
    expect(decisionTimeQuantile([{ bin: 3, units: 0 }], 0.5)).toBeNull();
  });
});
