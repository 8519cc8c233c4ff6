import { describe, expect, it } from "vitest";
import { nearestRank, toTenth } from "./quantile";

describe("nearestRank", () => {
  it("reads quantiles as the smallest sample with that share at or below it", () => {
    const samples = [15, 20, 35, 40, 50]; // Wikipedia's nearest-rank example
    expect(nearestRank(samples, 0.05)).toBe(15);
    expect(nearestRank(samples, 0.3)).toBe(20);
    expect(nearestRank(samples, 0.4)).toBe(20);
    expect(nearestRank(samples, 0.5)).toBe(35);
    expect(nearestRank(samples, 1)).toBe(50);
  });

  it("lets a p95 of 40 samples ignore the two slowest and no more", () => {
    const samples = [...Array.from({ length: 37 }, () => 10), 60, 70, 80];
    expect(nearestRank(samples, 0.95)).toBe(60);
    expect(nearestRank([...Array.from({ length: 38 }, () => 10), 70, 80], 0.95)).toBe(10);
  });

  it("does not sort its input in place, and has no value for no samples", () => {
    const samples = [3, 1, 2];
    expect(nearestRank(samples, 0.5)).toBe(2);
    expect(samples).toEqual([3, 1, 2]);
    expect(nearestRank([], 0.5)).toBeNaN();
  });
});

describe("toTenth", () => {
  it("keeps one decimal, rounding half up", () => {
    expect([toTenth(13.74), toTenth(13.75), toTenth(2), toTenth(0.04)]).toEqual([13.7, 13.8, 2, 0]);
  });
});
