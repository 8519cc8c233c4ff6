import { describe, expect, it } from "vitest";
import type { GateResult } from "./gates.ts";
import { stationHeadline } from "./headline.ts";

const gate = (id: GateResult["id"], label: string, status: GateResult["status"], moreUnits: number | null = null): GateResult => ({
  id,
  label,
  status,
  value: null,
  interval: null,
  target: 0,
  direction: "at-least",
  moreUnits,
  note: null,
});
const report = (gates: GateResult[], targetLevel: "AI_ASSIST" | "PARTIAL" = "AI_ASSIST") => ({
  report: { targetLevel, targets: null, gates, passed: gates.every((g) => g.status === "pass"), broken: false },
  evidence: {} as never,
});
const base = { level: "SHADOW" as const, canary: null, modelGap: null, pendingRequest: null, activeModel: "v2" };
const request = {
  id: "r",
  toLevel: "AI_ASSIST" as const,
  reason: "ready",
  requestedBy: "Mona Manager",
  requestedById: "m",
  createdAt: new Date(),
  canarySteps: [],
};

describe("stationHeadline", () => {
  it("leads with the decision a manager can make now", () => {
    expect(stationHeadline({ ...base, pendingRequest: request, gates: report([gate("agreement", "Agreement", "pass")]) })).toEqual({
      tone: "ready",
      text: "Ready to approve: AI assistance, all gates pass (asked by Mona Manager).",
    });
    expect(stationHeadline({ ...base, gates: report([gate("agreement", "Agreement", "pass")]) })).toEqual({
      tone: "ready",
      text: "Ready to ask for AI assistance: all gates pass.",
    });
  });

  it("says what blocks a station, drift and a model that lacks a class first", () => {
    const drifting = report([gate("agreement", "Agreement", "pass"), gate("drift", "No open drift alert", "fail")]);
    expect(stationHeadline({ ...base, gates: drifting }).tone).toBe("blocked");
    expect(stationHeadline({ ...base, gates: drifting }).text).toContain("an open drift alert");
    expect(stationHeadline({ ...base, pendingRequest: request, gates: drifting }).text).toMatch(
      /^Blocked: an open drift alert stands in the way of the request for AI assistance/,
    );
    expect(stationHeadline({ ...base, modelGap: "Model v2 does not know the station's defect class 'oil'.", gates: drifting })).toEqual({
      tone: "blocked",
      text: "Blocked: Model v2 does not know the station's defect class 'oil'.",
    });
  });

  it("says how much evidence is still missing, and what is not met", () => {
    expect(
      stationHeadline({
        ...base,
        gates: report([gate("evidence", "Enough compared units", "undecided", 340), gate("agreement", "Agreement", "undecided", 120)]),
      }).text,
    ).toBe("Gathering evidence for AI assistance: enough compared units; agreement need about 340 more compared units.");
    expect(stationHeadline({ ...base, pendingRequest: request, gates: report([gate("kappa", "Kappa", "fail")]) })).toEqual({
      tone: "waiting",
      text: "Waiting for a decision on AI assistance (asked by Mona Manager), but not every gate passes: kappa.",
    });
    expect(stationHeadline({ ...base, gates: report([gate("kappa", "Kappa", "fail")], "PARTIAL") }).text).toBe(
      "Not ready for Partial automation: kappa not met.",
    );
  });

  it("has nothing to decide during a canary, at the top, or without a model", () => {
    const canary = { fromLevel: "SHADOW" as const, share: 0.1, steps: [0.1, 1], stepIndex: 0, minUnits: 200, stepStartedAt: null };
    expect(stationHeadline({ ...base, level: "AI_ASSIST", canary, gates: null }).text).toMatch(/^Canary under way: 10% of units at AI assistance/);
    expect(stationHeadline({ ...base, level: "FULL", gates: null }).tone).toBe("steady");
    expect(stationHeadline({ ...base, activeModel: null, gates: null }).text).toMatch(/^No model runs here yet/);
  });
});
