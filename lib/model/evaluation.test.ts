import { describe, expect, it } from "vitest";
import {
  binomialTailAtLeast,
  calibration,
  chooseThreshold,
  decide,
  defectScore,
  evaluate,
  evaluateAtOwnRate,
  placeThreshold,
  rocAuc,
  thresholdPromise,
  thresholdWarningOf,
} from "./evaluation.ts";
import { wilsonInterval } from "../metrics/client.ts";

const classes = ["scratch", "crack", "dent"];

describe("decide", () => {
  it("names the likeliest defect at or above the threshold, else ok", () => {
    expect(decide([0.2, 0.7, 0.1], classes, 0.5)).toBe("crack");
    expect(decide([0.2, 0.4, 0.1], classes, 0.5)).toBe("ok");
    expect(decide([0.5, 0.1, 0.1], classes, 0.5)).toBe("scratch");
  });

  it("takes the most confident class as P(defect)", () => {
    expect(defectScore([0.2, 0.7, 0.1])).toBe(0.7);
    expect(defectScore([])).toBe(0);
  });
});

describe("rocAuc", () => {
  it("is 1 for perfect separation, 0.5 for ties, and the Mann-Whitney share in between", () => {
    expect(rocAuc([0.9, 0.8], [0.1, 0.2])).toBe(1);
    expect(rocAuc([0.5], [0.5])).toBe(0.5);
    // Pairs (pos > neg): 0.8>0.3, 0.8>0.6, 0.4>0.3, 0.4<0.6 -> 3 of 4.
    expect(rocAuc([0.8, 0.4], [0.3, 0.6])).toBe(0.75);
  });

  it("is undefined without both kinds", () => {
    expect(rocAuc([], [0.1])).toBeNaN();
  });
});

describe("calibration", () => {
  it("bins scores and weighs each bin's gap by its share", () => {
    // Bin 0.1-0.2: scores .1,.1 with no defects (gap .1); bin 0.9-1: .9,.9 both defects (gap .1).
    const { bins, ece } = calibration([0.1, 0.1, 0.9, 0.9], [false, false, true, true]);
    expect(ece).toBeCloseTo(0.1, 10);
    expect(bins.filter((b) => b.count > 0).map((b) => [b.lower, b.count, b.defectRate])).toEqual([
      [0.1, 2, 0],
      [0.9, 2, 1],
    ]);
  });

  it("is zero for a perfectly calibrated model", () => {
    expect(calibration([0.05, 0.95], [false, true], 1).ece).toBeCloseTo(0, 10);
  });
});

describe("evaluate", () => {
  it("counts the confusion matrix, per-class recall, defect recall and false rejects", () => {
    const report = evaluate(
      [
        { truth: "ok", scores: [0.1, 0.1, 0.1] },
        { truth: "ok", scores: [0.1, 0.9, 0.1] }, // false reject
        { truth: "scratch", scores: [0.8, 0.1, 0.1] },
        { truth: "crack", scores: [0.9, 0.6, 0.1] }, // caught, wrong class
        { truth: "dent", scores: [0.1, 0.1, 0.2] }, // escaped
      ],
      classes,
      0.5,
    );
    expect(report.confusion).toEqual([
      [1, 0, 1, 0],
      [0, 1, 0, 0],
      [0, 1, 0, 0],
      [1, 0, 0, 0],
    ]);
    expect(report.defectRecall).toBeCloseTo(2 / 3, 10);
    expect(report.falseRejectRate).toBe(0.5);
    expect(report.perClass.map((c) => c.recall)).toEqual([0.5, 1, 0, 0]);
  });
});

describe("chooseThreshold", () => {
  it("lets through at most the allowed share of ok photos", () => {
    const ok = Array.from({ length: 100 }, (_, i) => ({ truth: "ok", scores: [i / 100, 0, 0] }));
    const t = chooseThreshold(ok, 0.03);
    expect(ok.filter((p) => Math.max(...p.scores) >= t)).toHaveLength(3);
  });

  it("lets through the whole share when the rate times the photos is a whole number in arithmetic but not in floating point", () => {
    // 0.29 * 100 is 28.999999999999996 and 15/22 * 22 is 14.999999999999998: without care, one ok photo fewer than allowed.
    const hundred = Array.from({ length: 100 }, (_, i) => ({ truth: "ok", scores: [i / 100] }));
    expect(hundred.filter((p) => defectScore(p.scores) >= chooseThreshold(hundred, 0.29))).toHaveLength(29);
    const few = Array.from({ length: 22 }, (_, i) => ({ truth: "ok", scores: [i / 22] }));
    expect(few.filter((p) => defectScore(p.scores) >= chooseThreshold(few, 15 / 22))).toHaveLength(15);
  });
});

describe("evaluateAtOwnRate", () => {
  // 40 ok photos scored 0.01..0.40, defects 0.30..0.39 and one a scuff the model has no class for.
  const ok = Array.from({ length: 40 }, (_, i) => ({ truth: "ok", scores: [(i + 1) / 100, 0] }));
  const defects = Array.from({ length: 10 }, (_, i) => ({ truth: i === 0 ? "scuff" : "crack", scores: [0, 0.3 + i / 100] }));

  it("places the threshold on the photos themselves and says what it catches there", () => {
    // 5% of 40 ok photos: two may be rejected, so the threshold sits just above the third highest (0.38).
    const best = evaluateAtOwnRate([...ok, ...defects], ["scratch", "crack"], 0.05);
    expect(best.threshold).toBeCloseTo(0.38 + 1e-6, 9);
    expect(best.falseRejectRate).toBe(2 / 40);
    expect(best.defectRecall).toBe(1 / 10);
    expect(evaluateAtOwnRate([...ok, ...defects], ["scratch", "crack"], 0.35).defectRecall).toBe(10 / 10);
  });
});

describe("defects the model has no class for", () => {
  it("count in defect recall, outside the per-class figures; without the option they are an error", () => {
    // Seen: evaluate scored only the good photos of a set labelled `defect` without types, and said nothing.
    const photos = [
      { truth: "ok", scores: [0.1, 0.1, 0.1] },
      { truth: "scratch", scores: [0.9, 0.1, 0.1] },
      { truth: "defect", scores: [0.1, 0.8, 0.1] },
      { truth: "oil", scores: [0.1, 0.1, 0.2] },
    ];
    const report = evaluate(photos, classes, 0.5, undefined, { otherDefects: true });
    expect(report.otherDefects).toEqual({ photos: 2, caught: 1 });
    expect(report.defectRecall).toBeCloseTo(2 / 3);
    expect(report.perClass.map((c) => c.support)).toEqual([1, 1, 0, 0]);
    expect(() => evaluate(photos, classes, 0.5)).toThrow("unknown label defect");
  });
});

describe("thresholdPromise", () => {
  const okPhotos = (n: number) => Array.from({ length: n }, (_, i) => ({ truth: "ok", scores: [i / n / 2, 0, 0] }));

  it("says a threshold placed on three ok photos cannot promise 2.5% false rejects, and how many it needs", () => {
    // Seen: ~70 labelled photos left ~3 ok ones to place the threshold on (thresholds from 0.0004 to 0.30 across seeds).
    const few = okPhotos(3);
    const promise = thresholdPromise(few, chooseThreshold(few, 0.025), 0.025);
    expect(promise).toMatchObject({ okPhotos: 3, falseRejects: 0, okPhotosNeeded: 150, isKept: false });
    expect(promise.upperBound).toBeCloseTo(0.5615, 3);
  });

  it("with many ok photos, names the rate to place the threshold for that keeps the promise, not more photos to label", () => {
    // Seen: a threshold placed for 2% on 1,280 good calibration photos was told to "label at least 189 ok photos".
    const many = okPhotos(1280);
    const promise = thresholdPromise(many, chooseThreshold(many, 0.02), 0.02);
    expect(promise).toMatchObject({ okPhotos: 1280, falseRejects: 25, isKept: false });
    const rate = promise.promisingRate as number;
    expect(rate).toBeGreaterThan(0);
    expect(rate).toBeLessThan(0.02);
    // Placed for that rate, the threshold keeps the promise; one more reject would not.
    const kept = thresholdPromise(many, chooseThreshold(many, rate), 0.02);
    expect(kept.isKept).toBe(true);
    expect(wilsonInterval(kept.falseRejects + 1, 1280).high).toBeGreaterThan(0.02);
    const warning = thresholdWarningOf(promise, 0.02) as string;
    // The flag as the warning gives it keeps the promise too.
    const flag = Number(/--max-false-reject ([\d.]+)/.exec(warning)?.[1]);
    expect(flag).toBeLessThanOrEqual(rate);
    expect(thresholdPromise(many, chooseThreshold(many, flag), 0.02).isKept).toBe(true);
    expect(warning).not.toContain("Label at least");
    expect(thresholdWarningOf(thresholdPromise(okPhotos(3), 0.4, 0.025), 0.025)).toContain("Label at least 150 ok photos");
  });

  it("keeps the promise with enough ok photos", () => {
    const many = okPhotos(400);
    const promise = thresholdPromise(many, 0.6, 0.025);
    expect(promise).toMatchObject({ okPhotos: 400, falseRejects: 0, isKept: true });
  });
});

describe("binomialTailAtLeast", () => {
  it("is the chance of r or more rejects of n at a rate, as summing the binomial's terms says", () => {
    const choose = (n: number, k: number) => Array.from({ length: k }, (_, i) => (n - i) / (i + 1)).reduce((a, b) => a * b, 1);
    const bySum = (n: number, p: number, r: number) =>
      Array.from({ length: n - r + 1 }, (_, i) => choose(n, r + i) * p ** (r + i) * (1 - p) ** (n - r - i)).reduce((a, b) => a + b, 0);
    for (const r of [1, 2, 4, 5, 9]) expect(binomialTailAtLeast(51, 0.025, r)).toBeCloseTo(bySum(51, 0.025, r), 12);
    expect(binomialTailAtLeast(51, 0.025, 1)).toBeCloseTo(1 - 0.975 ** 51, 12);
    expect(binomialTailAtLeast(51, 0.025, 0)).toBe(1);
    expect(binomialTailAtLeast(51, 0.025, 52)).toBe(0);
  });
});

describe("placeThreshold", () => {
  // 51 ok photos (the line's, out of fold, in the adapt bench), their scores 0.01..0.51, and a few defects.
  const line = (highest: number[]) => [
    ...Array.from({ length: 51 - highest.length }, (_, i) => ({ truth: "ok", scores: [i / 100, 0] })),
    ...highest.map((score) => ({ truth: "ok", scores: [score, 0] })),
    ...Array.from({ length: 10 }, (_, i) => ({ truth: "scuff", scores: [0, 0.5 + i / 40] })),
  ];
  const anchor = { threshold: 0.69, from: "v13", okPhotos: 1280 };

  it("without an anchor, places the threshold on the photos for the rate asked", () => {
    const photos = line([0.7, 0.5]);
    const placement = placeThreshold(photos, 0.025);
    expect(placement.threshold).toBe(chooseThreshold(photos, 0.025));
    expect(placement).not.toHaveProperty("keptFrom");
  });

  it("keeps the anchor's threshold when few ok photos do not show it rejects more than the rate asked", () => {
    // Seen (bench:adapt from v13, 120 photos): the threshold placed at the second-highest of 51 ok photos landed at 0.8% to 7.4% false rejects on the line.
    const photos = line([0.9, 0.5]);
    const placement = placeThreshold(photos, 0.025, anchor);
    expect(placement).toMatchObject({ threshold: 0.69, keptFrom: "v13" });
    expect(chooseThreshold(photos, 0.025)).toBeCloseTo(0.5 + 1e-6, 9);
    expect(placement.why).toContain("1 of the 51 ok photos reaches v13's threshold (0.6900, placed on 1280 ok photos)");
    expect(placement.why).toContain("72.5% of the time");
    expect(placement.why).toContain("keeping it (51 ok photos are fewer than the 150");
    // Three of 51 at 2.5%: 13.5% of the time, still no proof.
    expect(placeThreshold(line([0.95, 0.9, 0.7]), 0.025, anchor).why).toContain("13.5% of the time");
    expect(placeThreshold(line([0.95, 0.9, 0.7]), 0.025, anchor).keptFrom).toBe("v13");
    // None of them: nothing to weigh.
    expect(placeThreshold(line([]), 0.025, anchor).why).toMatch(
      /^none of the 51 ok photos reach v13's threshold \(0\.6900, placed on 1280 ok photos\), so they do not show/,
    );
  });

  it("places it on the photos when they show the anchor rejects more than the rate asked", () => {
    // Four of 51 ok photos at or above it: a 2.5% rate gives that 3.9% of the time.
    const photos = line([0.95, 0.9, 0.8, 0.7]);
    const placement = placeThreshold(photos, 0.025, anchor);
    expect(placement.threshold).toBe(chooseThreshold(photos, 0.025));
    expect(placement).not.toHaveProperty("keptFrom");
    expect(placement.threshold).toBeCloseTo(0.9 + 1e-6, 9);
    expect(placement.why).toContain("4 of the 51 ok photos reach");
    expect(placement.why).toContain("3.9% of the time, under 5.0%");
    expect(placement.why).toContain("so it rejects more here: placed for 2.5% false rejects on 51 ok photos");
  });

  it("keeps the anchor's threshold when no ok photo can test it", () => {
    // Placed on no ok photo, a threshold is a default (0.5), not a measurement: the anchor's stands.
    const defects = line([]).filter((p) => p.truth !== "ok");
    expect(placeThreshold(defects, 0.025, anchor)).toEqual({
      threshold: 0.69,
      keptFrom: "v13",
      why: "no ok photo to test v13's threshold (0.6900, placed on 1280 ok photos): keeping it.",
    });
  });

  it("lets enough ok photos to keep the promise place it themselves, anchor or not", () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ truth: "ok", scores: [i / 400] }));
    const placement = placeThreshold(many, 0.025, anchor);
    expect(placement.threshold).toBe(chooseThreshold(many, 0.025));
    expect(placement).not.toHaveProperty("keptFrom");
  });
});

describe("class weights", () => {
  it("change which defect is named, never whether it is one", () => {
    expect(decide([0.6, 0.7, 0.1], classes, 0.5)).toBe("crack");
    expect(decide([0.6, 0.7, 0.1], classes, 0.5, [1.5, 1, 1])).toBe("scratch");
    expect(decide([0.3, 0.4, 0.1], classes, 0.5, [3, 3, 3])).toBe("ok");
  });

  it("are chosen to lift the class the model under-calls", async () => {
    const { chooseClassWeights } = await import("./evaluation.ts");
    // Scratches score a little below crack; cracks score clearly crack.
    const photos = [
      ...Array.from({ length: 10 }, () => ({ truth: "scratch", scores: [0.6, 0.7, 0] })),
      ...Array.from({ length: 10 }, () => ({ truth: "crack", scores: [0.2, 0.9, 0] })),
    ];
    const weights = chooseClassWeights(photos, classes, 0.5);
    expect(photos.every((p) => decide(p.scores, classes, 0.5, weights) === p.truth)).toBe(true);
  });
});
