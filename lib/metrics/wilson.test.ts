import { describe, expect, it } from "vitest";
import { wilsonInterval } from "./wilson.ts";

describe("wilsonInterval", () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])("matches Newcombe's published interval for %i/%i", (successes, n, low, high) => {
    const interval = wilsonInterval(successes, n);
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
    expect(interval.rate).toBe(successes / n);
  });

  it("ends exactly at 1 when every trial succeeds", () => {
    const interval = wilsonInterval(20, 20);
    expect(interval.high).toBe(1);
    expect(interval.low).toBeCloseTo(1 - 0.1611, 4);
  });

  it("is the whole of [0, 1] with no data, and has no rate", () => {
    expect(wilsonInterval(0, 0)).toEqual({ successes: 0, n: 0, rate: null, low: 0, high: 1 });
  });

  it("narrows as the sample grows", () => {
    const small = wilsonInterval(9, 10);
    const large = wilsonInterval(900, 1000);
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
  });

  it("refuses impossible counts", () => {
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 4)).toThrow(RangeError);
  });
});
