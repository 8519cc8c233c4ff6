import { describe, expect, it } from "vitest";
import { Random } from "../synth/index.ts";
import {
  auditAgainstEstimate,
  blockOf,
  calibratedRate,
  estimatePerformance,
  fitCalibration,
  type CalibrationPoint,
  type ScoreCalibration,
} from "./calibration.ts";

const point = (score: number, defective: boolean): CalibrationPoint => ({ score, defective, modelDefective: score >= 0.5, sameClass: true });

describe("fitCalibration", () => {
  it("pools adjacent violators into a non-decreasing step function", () => {
    // 0.1 ok, 0.2 defect, 0.3 ok (pooled with 0.2: 1/2), 0.4 and 0.5 defect.
    const fitted = fitCalibration([point(0.3, false), point(0.1, false), point(0.5, true), point(0.2, true), point(0.4, true)]);
    expect(fitted.rates).toEqual([0, 0.5, 1, 1]);
    expect(fitted.bounds.map((b) => Number(b.toFixed(10)))).toEqual([0.15, 0.35, 0.45]);
    expect(fitted).toMatchObject({ units: 5, defects: 3 });
    expect(calibratedRate(fitted, 0.05)).toBe(0);
    expect(calibratedRate(fitted, 0.16)).toBe(0.5);
    expect(calibratedRate(fitted, 0.349)).toBe(0.5);
    expect(calibratedRate(fitted, 0.9)).toBe(1);
  });

  it("keeps units of one score in one block, and counts the class right where both said defect", () => {
    const fitted = fitCalibration([
      { score: 0.9, defective: true, modelDefective: true, sameClass: true },
      { score: 0.9, defective: false, modelDefective: true, sameClass: false },
      { score: 0.9, defective: true, modelDefective: true, sameClass: false },
      { score: 0.95, defective: true, modelDefective: true, sameClass: true },
    ]);
    expect(fitted.rates).toEqual([2 / 3, 1]);
    expect(fitted.bounds).toEqual([0.925]);
    // Of the three units both called defective, two had the same class.
    expect(fitted.classRight).toBeCloseTo(2 / 3, 12);
  });

  it("numbers blocks as PostgreSQL's width_bucket does", () => {
    const calibration = { bounds: [0.2, 0.6] };
    expect([0, 0.19, 0.2, 0.5, 0.6, 1].map((s) => blockOf(calibration, s))).toEqual([0, 0, 1, 1, 2, 2]);
  });
});

describe("estimatePerformance", () => {
  it("sums expected agreements, catches and false rejects with their Bernoulli variances", () => {
    const estimate = estimatePerformance({ classRight: 0.5 }, [
      { rate: 0.1, decidedDefect: false, count: 10 },
      { rate: 0.8, decidedDefect: true, count: 5 },
    ]);
    expect(estimate.units).toBe(15);
    expect(estimate.expectedDefects).toBeCloseTo(5, 12);
    // Agreement: (10 × 0.9 + 5 × 0.8 × 0.5) / 15; variance (10 × 0.9 × 0.1 + 5 × 0.4 × 0.6) / 15².
    expect(estimate.agreement.rate).toBeCloseTo(11 / 15, 12);
    expect(estimate.agreement.sd).toBeCloseTo(Math.sqrt(2.1 / 225), 12);
    // Recall: caught 4 of 4 + 1 expected defects; delta method (1² × 0.8 + 4² × 0.9) / 5⁴.
    expect(estimate.recall.rate).toBeCloseTo(0.8, 12);
    expect(estimate.recall.sd).toBeCloseTo(Math.sqrt(15.2 / 625), 12);
    expect(estimate.recall.low).toBeCloseTo(0.8 - 1.959964 * Math.sqrt(15.2 / 625), 5);
    expect(estimate.recall.high).toBe(1);
    // False rejects: 1 of 1 + 9 expected good units; (9² × 0.8 + 1² × 0.9) / 10⁴.
    expect(estimate.falseRejects.rate).toBeCloseTo(0.1, 12);
    expect(estimate.falseRejects.sd).toBeCloseTo(Math.sqrt(65.7 / 10_000), 12);
    expect(estimate.falseRejects.low).toBe(0);
  });

  it("has no figures without units, and no recall without expected defects", () => {
    expect(estimatePerformance({ classRight: 1 }, []).agreement.rate).toBeNull();
    const noDefects = estimatePerformance({ classRight: 1 }, [{ rate: 0, decidedDefect: false, count: 50 }]);
    expect(noDefects.recall.rate).toBeNull();
    expect(noDefects.falseRejects.rate).toBe(0);
    expect(noDefects.agreement.rate).toBe(1);
  });

  it("lands within two points of the truth on fresh units drawn like the shadow era", () => {
    const random = new Random(7);
    // A model whose score overstates defects at the top and understates them near 0.
    const draw = (n: number) =>
      Array.from({ length: n }, () => {
        const score = random.chance(0.12) ? random.between(0.3, 1) : random.between(0, 0.35);
        const defective = random.chance(Math.min(1, 0.02 + score * score * 0.9));
        return { score, defective, modelDefective: score >= 0.5, sameClass: random.chance(0.9) };
      });
    const calibration = fitCalibration(draw(4000));
    const fresh = draw(4000);
    const groups = fresh.map((u) => ({ rate: calibratedRate(calibration, u.score), decidedDefect: u.modelDefective, count: 1 }));
    const estimate = estimatePerformance(calibration, groups);
    const defects = fresh.filter((u) => u.defective);
    const goods = fresh.filter((u) => !u.defective);
    const trueRecall = defects.filter((u) => u.modelDefective).length / defects.length;
    const trueFalseRejects = goods.filter((u) => u.modelDefective).length / goods.length;
    const trueAgreement = fresh.filter((u) => (u.modelDefective ? u.defective && u.sameClass : !u.defective)).length / fresh.length;
    expect(Math.abs((estimate.agreement.rate as number) - trueAgreement)).toBeLessThan(0.02);
    expect(Math.abs((estimate.recall.rate as number) - trueRecall)).toBeLessThan(0.05);
    expect(Math.abs((estimate.falseRejects.rate as number) - trueFalseRejects)).toBeLessThan(0.02);
  });
});

describe("auditAgainstEstimate", () => {
  const calibration: ScoreCalibration = { bounds: [0.5], rates: [0.1, 0.9], classRight: 1, units: 100, defects: 10 };

  it("holds the audit's agreements against those the calibration expects on the same units", () => {
    const check = auditAgainstEstimate(calibration, [
      { score: 0.2, decidedDefect: false, agreed: true },
      { score: 0.2, decidedDefect: false, agreed: false },
      { score: 0.8, decidedDefect: true, agreed: true },
      { score: 0.8, decidedDefect: true, agreed: false },
    ]);
    // Each expects 0.9 agreement: 3.6 expected, 2 found, variance 4 × 0.09.
    expect(check).toMatchObject({ units: 4, observed: 2 });
    expect(check.expected).toBeCloseTo(3.6, 12);
    expect(check.z).toBeCloseTo(1.6 / 0.6, 12);
  });

  it("reads an audit better than expected as a negative z", () => {
    const check = auditAgainstEstimate(
      calibration,
      Array.from({ length: 10 }, () => ({ score: 0.2, decidedDefect: false, agreed: true })),
    );
    expect(check.z).toBeLessThan(0);
  });
});

describe("fitCalibration on ties", () => {
  it("gathers a score's units before pooling, whatever order they come in", () => {
    // A false alarm listed first among the 0.9s must not pool them into the block below.
    const fitted = fitCalibration([point(0.1, false), point(0.1, false), point(0.9, false), point(0.9, true), point(0.9, true), point(0.9, true)]);
    expect(fitted.rates).toEqual([0, 0.75]);
  });
});
