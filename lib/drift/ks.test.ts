import { describe, expect, it } from "vitest";
import { kolmogorovTail, ksTwoSample } from "./ks.ts";

// Reference values: scipy 1.17.1 (scipy.stats.kstwobign.sf, scipy.stats.ks_2samp).
describe("kolmogorovTail", () => {
  it.each([
    [1.0, 0.26999967167735456],
    [0.5, 0.9639452436648751],
    [1.36, 0.049485876755377876],
  ])("matches scipy's kstwobign.sf(%f)", (lambda, expected) => {
    expect(kolmogorovTail(lambda)).toBeCloseTo(expected, 9);
  });
});

describe("ksTwoSample", () => {
  const x = [
    0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77, 1.09, -1.28, 2.36, 1.31, 1.05, -0.32, -0.4, 1.06,
    -2.47,
  ];
  const y = [2.2, 1.66, 1.38, 0.2, 0.36, 0, 0.96, 1.56, 0.44, 1.5, -0.3, 0.66, 2.31, 3.29, -0.27, -0.37, 0.38, 0.7, 0.52, -0.71];

  it("finds scipy's statistic, and a p-value near its exact one", () => {
    const result = ksTwoSample(x, y)!;
    expect(result.statistic).toBeCloseTo(0.23, 12);
    // Stephens's lambda = 0.80186; scipy's kstwobign.sf of it (the exact p-value is 0.5286).
    expect(result.pValue).toBeCloseTo(0.5411245537216747, 9);
  });

  it("gives D = 0 and p = 1 for identical and constant samples, and null for an empty one", () => {
    expect(ksTwoSample([1, 2, 3], [1, 2, 3])).toEqual({ statistic: 0, pValue: 1 });
    expect(ksTwoSample([5, 5, 5], [5, 5])).toEqual({ statistic: 0, pValue: 1 });
    expect(ksTwoSample([5, 5, 5], [6, 6])).toMatchObject({ statistic: 1 });
    expect(ksTwoSample([], [1])).toBeNull();
  });
});
