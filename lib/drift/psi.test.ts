import { describe, expect, it } from "vitest";
import { Random } from "../synth/index.ts";
import { histogram, psi, psiAlertThreshold } from "./psi.ts";
import { chiSquareQuantile } from "./chi-square.ts";

describe("psi", () => {
  it("is 0 for the same proportions and grows with the shift", () => {
    expect(psi([10, 20, 30], [10, 20, 30])).toBe(0);
    expect(psi([10, 20, 30], [20, 40, 60])).toBeLessThan(1e-4);
    // Half a count per bin: (25.5/101 - 0.5) ln(25.5/50.5) + (75.5/101 - 0.5) ln(75.5/50.5).
    expect(psi([50, 50], [25, 75])).toBeCloseTo(0.2686767831907422, 12);
  });

  it("is finite for an empty bin, and null for an empty window", () => {
    expect(psi([50, 50], [0, 100])).toBeGreaterThan(1);
    expect(Number.isFinite(psi([50, 50], [0, 100]))).toBe(true);
    expect(psi([50, 50], [0, 0])).toBeNull();
    expect(psi([0, 0], [3, 4])).toBeNull();
  });
});

describe("psiAlertThreshold", () => {
  it("is (1/n + 1/m) times the chi-square quantile, Bonferroni-corrected over features", () => {
    expect(psiAlertThreshold({ referenceSize: 5000, windowSize: 200, bins: 10 })).toBeCloseTo((1 / 5000 + 1 / 200) * 21.665994333461924, 9);
    expect(psiAlertThreshold({ referenceSize: 5000, windowSize: 200, bins: 10, alpha: 0.01, features: 8 })).toBeCloseTo(
      (1 / 5000 + 1 / 200) * chiSquareQuantile(1 - 0.01 / 8, 9),
      9,
    );
  });

  it("keeps the false-alarm rate near its target on unchanged data at windows of 50, 200 and 1,000", () => {
    const random = new Random(20261125);
    const draw = (n: number) => Array.from({ length: n }, () => random.next());
    const reference = draw(5000).sort((a, b) => a - b);
    const edges = Array.from({ length: 11 }, (_, i) =>
      i === 0 ? -Infinity : i === 10 ? Infinity : (reference[Math.floor((i * reference.length) / 10)] as number),
    );
    const referenceCounts = histogram(reference, edges);
    const alpha = 0.05;
    for (const windowSize of [50, 200, 1000]) {
      const threshold = psiAlertThreshold({ referenceSize: reference.length, windowSize, bins: 10, alpha });
      const trials = 2000;
      let alarms = 0;
      for (let t = 0; t < trials; t++) if ((psi(referenceCounts, histogram(draw(windowSize), edges)) as number) > threshold) alarms++;
      const rate = alarms / trials;
      // A fixed 0.1 "watch" band, by contrast, alarms on most small windows.
      expect(rate, `window ${windowSize}`).toBeGreaterThan(alpha / 2);
      expect(rate, `window ${windowSize}`).toBeLessThan(alpha * 1.6);
    }
  });
});

describe("histogram", () => {
  it("counts values in the bins cut by the edges, the ends open", () => {
    expect(histogram([-5, 0, 0.5, 1, 2, 99], [0, 1, 2, 3])).toEqual([3, 1, 2]);
  });
});
