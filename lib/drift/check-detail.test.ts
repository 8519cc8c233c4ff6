import { describe, expect, it } from "vitest";
import { checkDetailOf } from "./view.ts";

describe("checkDetailOf", () => {
  it("reads a detail by the shape it carries", () => {
    expect(
      checkDetailOf("performance", "estimated-recall", {
        shape: "estimate",
        rate: 0.9,
        low: 0.85,
        high: 0.95,
        target: 0.97,
        direction: "at-least",
        units: 200,
      }),
    ).toEqual({
      shape: "estimate",
      rate: 0.9,
      low: 0.85,
      high: 0.95,
      target: 0.97,
      direction: "at-least",
      units: 200,
    });
    expect(checkDetailOf("performance", "audit-vs-estimate", { shape: "rate", rate: 0.8, referenceRate: 0.97, units: 60 })).toMatchObject({
      shape: "rate",
      units: 60,
    });
  });

  it("gives checks stored before details had shapes the one their kind draws", () => {
    expect(
      checkDetailOf("data", "brightness", { ks: 0.1, mean: 0.5, counts: [1, 2], referenceShares: [0.5, 0.5], edges: [0.4], bands: { watch: 0.1, act: 0.25 } }),
    ).toMatchObject({ shape: "distribution", mean: 0.5 });
    expect(checkDetailOf("prediction", "defect-score", { counts: [3], referenceShares: [1], edges: [] })).toMatchObject({ shape: "distribution" });
    expect(checkDetailOf("concept", "agreement", { rate: 0.9, referenceRate: 0.95, units: 120, referenceUnits: 900, inputsStable: false })).toMatchObject({
      shape: "rate",
      inputsStable: false,
    });
  });

  it("draws nothing for a detail that does not parse, rather than guessing", () => {
    expect(checkDetailOf("concept", "agreement", { rate: "high" })).toEqual({ shape: "none" });
    expect(checkDetailOf("data", "brightness", null)).toEqual({ shape: "none" });
  });
});
