import { describe, expect, it } from "vitest";
import { classScoresOf } from "./class-scores.ts";

describe("classScoresOf", () => {
  it("gives one-vs-rest precision, recall and F1 per label", () => {
    // Reference rows, model columns.
    const [ok, scratch, dent] = classScoresOf({
      labels: ["ok", "scratch", "dent"],
      counts: [
        [50, 2, 3],
        [4, 16, 0],
        [1, 2, 22],
      ],
    });
    expect(ok).toMatchObject({ label: "ok", support: 55, predicted: 55, truePositives: 50 });
    expect(ok!.precision.rate).toBeCloseTo(50 / 55, 12);
    expect(ok!.recall.rate).toBeCloseTo(50 / 55, 12);
    expect(scratch!.precision.rate).toBeCloseTo(16 / 20, 12);
    expect(scratch!.recall.rate).toBeCloseTo(16 / 20, 12);
    expect(dent!.precision.rate).toBeCloseTo(22 / 25, 12);
    expect(dent!.recall.rate).toBeCloseTo(22 / 25, 12);
    expect(dent!.f1).toBeCloseTo(0.88, 12);
  });

  it("leaves undefined scores empty instead of dividing by zero", () => {
    const [, crack] = classScoresOf({
      labels: ["ok", "crack"],
      counts: [
        [10, 0],
        [0, 0],
      ],
    });
    expect(crack).toMatchObject({ support: 0, predicted: 0 });
    expect(crack!.precision.rate).toBeNull();
    expect(crack!.recall.rate).toBeNull();
    expect(crack!.f1).toBeNull();
  });

  it("has F1 undefined when precision and recall are both zero", () => {
    const [, scratch] = classScoresOf({
      labels: ["ok", "scratch"],
      counts: [
        [0, 4],
        [6, 0],
      ],
    });
    expect(scratch!.precision.rate).toBe(0);
    expect(scratch!.recall.rate).toBe(0);
    expect(scratch!.f1).toBeNull();
  });
});
