import { describe, expect, it } from "vitest";
import { learningRateAt } from "./train.ts";

describe("learningRateAt", () => {
  it("is constant without a schedule", () => {
    expect(learningRateAt(1, { learningRate: 0.003, epochs: 10 })).toBe(0.003);
    expect(learningRateAt(10, { learningRate: 0.003, epochs: 10, cosineDecay: false })).toBe(0.003);
  });

  it("decays along a cosine from the rate to a tenth of it", () => {
    const options = { learningRate: 0.001, epochs: 9, cosineDecay: true };
    expect(learningRateAt(1, options)).toBeCloseTo(0.001, 12);
    expect(learningRateAt(5, options)).toBeCloseTo(0.00055, 12);
    expect(learningRateAt(9, options)).toBeCloseTo(0.0001, 12);
    const rates = Array.from({ length: 9 }, (_, i) => learningRateAt(i + 1, options));
    expect(rates.every((rate, i) => i === 0 || rate < (rates[i - 1] as number))).toBe(true);
  });

  it("keeps the rate for a single epoch", () => {
    expect(learningRateAt(1, { learningRate: 0.002, epochs: 1, cosineDecay: true })).toBe(0.002);
  });
});
