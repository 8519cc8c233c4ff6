import { describe, expect, it } from "vitest";
import { alertPolicyFor, CLOSED, nextAlertState, replayAlertState } from "./alerts.ts";
import { conceptChecks, dataChecks, predictionChecks, twoProportionZ, zOneSided } from "./checks.ts";
import { baselineReference, decileCdf, modelReference } from "./reference.ts";
import { replayDataDrift } from "./replay.ts";
import { DRIFT_POLICY } from "./checks.ts";

const policy = { openAfter: 2, closeAfter: 3, clearFraction: 0.5 };
const past = { value: 2, threshold: 1, exceeded: true };
const near = { value: 0.8, threshold: 1, exceeded: false };
const clear = { value: 0.2, threshold: 1, exceeded: false };

describe("alert hysteresis", () => {
  it("opens only after openAfter windows in a row past the threshold", () => {
    let step = nextAlertState(CLOSED, past, policy);
    expect(step.transition).toBeNull();
    step = nextAlertState(nextAlertState(step.state, near, policy).state, past, policy);
    expect(step.transition).toBeNull(); // the streak was broken
    step = nextAlertState(step.state, past, policy);
    expect(step).toMatchObject({ transition: "open", state: { open: true } });
  });

  it("closes only after closeAfter windows in a row well below the threshold", () => {
    let state = { open: true, exceeded: 0, clear: 0 };
    for (const check of [clear, clear, near, clear, clear]) {
      const step = nextAlertState(state, check, policy);
      expect(step.transition).toBeNull(); // hovering near the threshold restarts the count
      state = step.state;
    }
    expect(nextAlertState(state, clear, policy)).toMatchObject({ transition: "close", state: { open: false } });
  });

  it("rebuilds the streaks from stored checks", () => {
    expect(replayAlertState(false, [clear, past, past], policy)).toEqual({ open: false, exceeded: 2, clear: 0 });
    expect(replayAlertState(true, [past, near, clear, clear], policy)).toEqual({ open: true, exceeded: 0, clear: 2 });
    expect(replayAlertState(false, [], policy)).toEqual(CLOSED);
  });
});

describe("references", () => {
  it("interpolates the CDF between deciles", () => {
    const cdf = decileCdf([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(cdf(-1)).toBe(0);
    expect(cdf(0)).toBe(0);
    expect(cdf(2.5)).toBeCloseTo(0.25);
    expect(cdf(10)).toBe(1);
  });

  const metadata = (deciles: number[]) => ({
    version: "vx",
    reference: Object.fromEntries(
      ["brightness", "contrast", "sharpness", "meanRed", "meanGreen", "meanBlue"].map((f) => [f, { mean: 0, std: 0, deciles }]),
    ) as never,
    training: { split: { train: 1000 } },
    evaluation: {},
  });

  it("makes equal-mass bins of the model's deciles, merging coincident ones (a constant feature)", () => {
    const even = modelReference(metadata([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]));
    expect(even.features.brightness.counts).toEqual(new Array(10).fill(100));
    const constant = modelReference(metadata(new Array(11).fill(0.5)));
    expect(constant.features.brightness.edges).toEqual([Number.NEGATIVE_INFINITY, 0.5, Number.POSITIVE_INFINITY]);
    expect(constant.features.brightness.counts.reduce((a, b) => a + b)).toBeCloseTo(1000);
  });

  const row = (x: number, defect = false) => ({
    brightness: x,
    contrast: x,
    sharpness: x,
    meanRed: x,
    meanGreen: x,
    meanBlue: x,
    defectScore: defect ? 0.9 : 0.1,
    predictedDefect: defect,
  });

  it("replays a stream as a station checks it: quiet while unchanged, an alert two windows into a shift, closed after it", () => {
    const reference = modelReference(metadata([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]));
    // Evenly spread values in every 50 units: each window matches the reference's deciles.
    const even = (n: number, shift = 0) => Array.from({ length: n }, (_, i) => row(Math.min(1, ((i * 37) % 50) / 50 + 0.01 + shift)));
    const stream = [...even(400), ...even(400, 0.3), ...even(1000)];
    const outcome = replayDataDrift(stream, reference, DRIFT_POLICY);
    expect(outcome.windows).toBe((1800 - 200) / 50 + 1);
    // The first window wholly after the switch ends at 600: the alert opens by then (partly shifted windows may already be past).
    const opened = outcome.opened.filter((o) => o.feature === "brightness");
    expect(opened).toHaveLength(1);
    expect(opened[0]!.unitsSeen).toBeGreaterThan(400);
    expect(opened[0]!.unitsSeen).toBeLessThanOrEqual(650);
    expect(outcome.opened.every((o) => o.unitsSeen > 400)).toBe(true);
    // Back to normal at 800: it closes after four clear windows in a row, the first of which ends after 800.
    const closed = outcome.closed.find((c) => c.feature === "brightness")?.unitsSeen ?? 0;
    expect(closed).toBeGreaterThanOrEqual(800 + 4 * 50);
    expect(closed).toBeLessThanOrEqual(1000 + 3 * 50);
  });

  it("finds no drift in a window drawn like the reference, and drift in a shifted one", () => {
    const reference = modelReference(metadata([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]));
    const same = Array.from({ length: 200 }, (_, i) => row((i + 0.5) / 200));
    expect(dataChecks(same, reference).every((c) => !c.exceeded && (c.pValue ?? 0) > 0.5)).toBe(true);
    const shifted = same.map((r) => row(Math.min(1, r.brightness + 0.3)));
    const brightness = dataChecks(shifted, reference).find((c) => c.feature === "brightness");
    expect(brightness).toMatchObject({ exceeded: true });
    expect(brightness?.pValue).toBeLessThan(1e-6);
  });

  it("tests the predicted defect rate against a baseline, both ways", () => {
    const baseline = baselineReference(
      Array.from({ length: 400 }, (_, i) => row(i / 400, i % 5 === 0)),
      "b",
    );
    expect(baseline.defectRate).toEqual({ rate: 0.2, size: 400 });
    const steady = Array.from({ length: 200 }, (_, i) => row(i / 200, i % 5 === 0));
    expect(predictionChecks(steady, baseline).find((c) => c.feature === "defect-rate")?.exceeded).toBe(false);
    const rejecting = Array.from({ length: 200 }, (_, i) => row(i / 200, i % 2 === 0));
    expect(predictionChecks(rejecting, baseline).find((c) => c.feature === "defect-rate")?.exceeded).toBe(true);
  });
});

describe("concept drift", () => {
  const counts = (total: number, agree: number) => ({
    total,
    agree,
    perClass: { ok: { support: total / 2, hits: agree / 2 }, scratch: { support: total / 2, hits: agree / 2 } },
  });

  it("flags a significant drop in agreement while inputs are stable, and not a small one", () => {
    const drop = conceptChecks(counts(1000, 960), counts(200, 160), true);
    expect(drop.find((c) => c.feature === "agreement")).toMatchObject({ exceeded: true });
    expect(drop.map((c) => c.feature)).toEqual(["agreement", "recall:scratch"]);
    expect(conceptChecks(counts(1000, 960), counts(200, 188), true).some((c) => c.exceeded)).toBe(false);
  });

  it("does not call a drop concept drift while inputs drift, nor judge small samples", () => {
    expect(conceptChecks(counts(1000, 960), counts(200, 160), false).some((c) => c.exceeded)).toBe(false);
    expect(conceptChecks(counts(50, 48), counts(200, 160), true)).toEqual([]);
  });

  it("uses the normal quantiles and the pooled two-proportion z", () => {
    expect(zOneSided(0.025)).toBeCloseTo(1.959964, 4);
    expect(zOneSided(0.01)).toBeCloseTo(2.326348, 4);
    // Hand-computed: p1 = 0.5 of 100, p2 = 0.6 of 100, pooled 0.55: z = 0.1 / sqrt(0.2475 * 0.02) = 1.42134.
    expect(twoProportionZ(0.5, 100, 0.6, 100)).toBeCloseTo(1.42134, 4);
    expect(twoProportionZ(1, 10, 1, 10)).toBe(0);
  });
});

describe("alertPolicyFor", () => {
  it("closes a performance alert only once the estimate is back past its gate, other alerts below half the threshold", () => {
    const open = { open: true, exceeded: 0, clear: 3 };
    // z 1.0 against a threshold of 2.8: well under half of it, still short of the gate.
    const nearer = { value: 1, threshold: 2.8, exceeded: false };
    expect(nextAlertState(open, nearer, alertPolicyFor("concept")).transition).toBe("close");
    expect(nextAlertState(open, nearer, alertPolicyFor("performance")).transition).toBeNull();
    expect(nextAlertState(open, { value: -0.5, threshold: 2.8, exceeded: false }, alertPolicyFor("performance")).transition).toBe("close");
  });
});
