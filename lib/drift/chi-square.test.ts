import { describe, expect, it } from "vitest";
import { chiSquareCdf, chiSquareQuantile, logGamma } from "./chi-square.ts";

// Reference values: scipy 1.17.1, scipy.stats.chi2.ppf / .sf.
describe("chiSquareQuantile", () => {
  it.each([
    [0.99, 9, 21.665994333461924],
    [0.95, 1, 3.841458820694124],
    [0.999, 9, 27.877164871256568],
    [1 - 0.01 / 8, 9, 27.294789565713774],
    [0.5, 2, 1.386294361119891],
    [0.9, 30, 40.2560237387118],
  ])("matches scipy's chi2.ppf(%f, %i)", (p, k, expected) => {
    expect(chiSquareQuantile(p, k)).toBeCloseTo(expected, 7);
  });

  it("inverts the CDF", () => {
    expect(1 - chiSquareCdf(21.666, 9)).toBeCloseTo(0.009999979883498333, 9);
  });

  it("refuses probabilities outside (0, 1)", () => {
    expect(() => chiSquareQuantile(1, 3)).toThrow(RangeError);
  });
});

describe("logGamma", () => {
  it("is ln((n - 1)!) at integers and ln(sqrt(pi)) at 1/2", () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });
});
