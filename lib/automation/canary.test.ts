import { describe, expect, it } from "vitest";
import { canaryStepsProblem, nextCanaryDecision, type CanaryState } from "./canary.ts";
import type { GateReport } from "./gates.ts";

const report = (passed: boolean, broken: boolean): GateReport => ({ targetLevel: "PARTIAL", targets: null, gates: [], passed, broken });
const state = (stepIndex: number): CanaryState => ({ steps: [0.1, 0.5, 1], stepIndex, minUnitsPerStep: 200 });

describe("nextCanaryDecision", () => {
  it("holds until the step's minimum sample, even with passing gates", () => {
    expect(nextCanaryDecision(state(0), report(true, false), 199)).toEqual({ action: "hold", why: "199 of 200 units at this step" });
  });

  it("widens to the next share once the sample is reached and every gate passes", () => {
    expect(nextCanaryDecision(state(0), report(true, false), 200)).toEqual({ action: "widen", share: 0.5, stepIndex: 1 });
    expect(nextCanaryDecision(state(1), report(true, false), 450)).toEqual({ action: "widen", share: 1, stepIndex: 2 });
  });

  it("completes after the last step", () => {
    expect(nextCanaryDecision(state(2), report(true, false), 200)).toEqual({ action: "complete" });
  });

  it("holds while gates are undecided", () => {
    expect(nextCanaryDecision(state(1), report(false, false), 5000)).toEqual({ action: "hold", why: "gates not yet decidable" });
  });

  it("rolls back as soon as a gate breaks, before its minimum sample", () => {
    expect(nextCanaryDecision(state(0), report(false, true), 12)).toEqual({ action: "roll-back", why: "a gate broke during the canary" });
  });
});

describe("canaryStepsProblem at the small end", () => {
  it("refuses steps under 1% of units, which would never gather their sample", () => {
    expect(canaryStepsProblem([1e-300, 1])).toBe("Every canary step is a share of units from 0.01 (1%) to 1.");
    expect(canaryStepsProblem([0.0099, 1])).not.toBeNull();
    expect(canaryStepsProblem([0.01, 1])).toBeNull();
  });
});

describe("canaryStepsProblem", () => {
  it("accepts widening shares that end at every unit", () => {
    expect(canaryStepsProblem([0.1, 0.5, 1])).toBeNull();
    expect(canaryStepsProblem([1])).toBeNull();
  });

  it.each([
    [[], "at least one step"],
    [[0, 1], "from 0.01 (1%)"],
    [[0.5, 0.5, 1], "must widen"],
    [[0.1, 0.5], "must be 1"],
    [[0.2, 1.5], "to 1."],
  ])("refuses %j", (steps, message) => {
    expect(canaryStepsProblem(steps)).toContain(message);
  });
});
