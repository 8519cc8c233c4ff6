import { describe, expect, it } from "vitest";
import { wilsonInterval } from "../metrics/wilson.ts";
import { describeUnmetGates, evaluateGates, GATE_DEFAULTS, gateTargetsFor, trialsToClear, type GateEvidence, type GateResult } from "./gates.ts";

/** Evidence with every gate comfortably passing for PARTIAL; tests move one number at a time. */
function evidence(overrides: Partial<GateEvidence> = {}): GateEvidence {
  return {
    units: 1000,
    agreements: 980,
    humanDefects: 200,
    caughtDefects: 200,
    humanOk: 800,
    falseRejects: 10,
    kappa: 0.95,
    kappaStandardError: 0.01,
    openDriftAlerts: 0,
    ...overrides,
  };
}

const partial = GATE_DEFAULTS.PARTIAL;
const gate = (e: GateEvidence, id: GateResult["id"]) => evaluateGates(e, "PARTIAL", partial).gates.find((g) => g.id === id)!;

describe("evaluateGates", () => {
  it("passes strong evidence on every gate", () => {
    const report = evaluateGates(evidence(), "PARTIAL", partial);
    expect(report.gates.map((g) => [g.id, g.status])).toEqual([
      ["evidence", "pass"],
      ["agreement", "pass"],
      ["defect-recall", "pass"],
      ["false-reject", "pass"],
      ["kappa", "pass"],
      ["drift", "pass"],
    ]);
    expect(report).toMatchObject({ passed: true, broken: false });
  });

  it("needs the minimum units and defects: one short is not yet decidable, and says how many more", () => {
    expect(gate(evidence({ units: 500, agreements: 490 }), "evidence").status).toBe("pass");
    const short = gate(evidence({ units: 499, agreements: 490 }), "evidence");
    expect(short).toMatchObject({ status: "undecided", moreUnits: 1 });
    // 40 of 600 units are defects: 10 more defects at that rate take 150 more units.
    expect(gate(evidence({ units: 600, agreements: 590, humanDefects: 40, caughtDefects: 40, humanOk: 560 }), "evidence")).toMatchObject({ status: "undecided", moreUnits: 150 });
    const report = evaluateGates(evidence({ units: 499, agreements: 490 }), "PARTIAL", partial);
    expect(report).toMatchObject({ passed: false, broken: false });
  });

  it("passes agreement exactly where the 95% Wilson lower bound reaches the target (464 of 500 for 0.9)", () => {
    expect(wilsonInterval(464, 500).low).toBeGreaterThanOrEqual(0.9);
    expect(wilsonInterval(463, 500).low).toBeLessThan(0.9);
    const at = (agreements: number) => gate(evidence({ units: 500, agreements, humanDefects: 100, caughtDefects: 100, humanOk: 400, falseRejects: 2 }), "agreement");
    expect(at(464).status).toBe("pass");
    // 463/500 = 92.6% clears the target as a rate but not as a bound: more units would decide it.
    const undecided = at(463);
    expect(undecided.status).toBe("undecided");
    expect(undecided.moreUnits).toBe(trialsToClear(463, 500, 0.9, "low"));
    expect(undecided.moreUnits).toBeGreaterThan(0);
    // A rate under the target fails once the evidence suffices.
    expect(at(449)).toMatchObject({ status: "fail", moreUnits: null });
  });

  it("fails agreement on little evidence when the whole interval is under the target", () => {
    // 84 of 100: upper bound 0.898 < 0.9.
    const e = evidence({ units: 100, agreements: 84, humanDefects: 20, caughtDefects: 20, humanOk: 80, falseRejects: 0 });
    expect(gate(e, "agreement").status).toBe("fail");
    expect(gate({ ...e, agreements: 85 }, "agreement").status).toBe("undecided");
    expect(evaluateGates(e, "PARTIAL", partial).broken).toBe(true);
  });

  it("never fails early below 30 units, however bad they look", () => {
    const few = (units: number) => evidence({ units, agreements: 0, humanDefects: 0, caughtDefects: 0, humanOk: units, falseRejects: units, kappa: null, kappaStandardError: null });
    expect(gate(few(29), "agreement").status).toBe("undecided");
    expect(gate(few(29), "false-reject").status).toBe("undecided");
    expect(gate(few(30), "agreement").status).toBe("fail");
    expect(gate(few(30), "false-reject").status).toBe("fail");
  });

  it("judges defect recall on the human's defects, in units", () => {
    // 100 of 100 defects caught: lower bound 0.963 >= 0.95.
    expect(gate(evidence({ humanDefects: 100, caughtDefects: 100, humanOk: 900 }), "defect-recall").status).toBe("pass");
    // 99 of 100: rate 0.99 but bound 0.946: more defects needed, converted to units at a 10% defect rate.
    const short = gate(evidence({ humanDefects: 100, caughtDefects: 99, humanOk: 900 }), "defect-recall");
    expect(short.status).toBe("undecided");
    expect(short.moreUnits).toBe(Math.ceil((trialsToClear(99, 100, 0.95, "low") as number) / 0.1));
    expect(gate(evidence({ humanDefects: 100, caughtDefects: 94, humanOk: 900 }), "defect-recall").status).toBe("fail");
  });

  it("passes the false-reject rate where its 95% upper bound is at or under the target (13 of 450 for 0.05)", () => {
    const at = (falseRejects: number) => gate(evidence({ units: 550, agreements: 540, humanDefects: 100, caughtDefects: 100, humanOk: 450, falseRejects }), "false-reject");
    expect(at(13).status).toBe("pass");
    expect(at(14).status).toBe("undecided");
    expect(at(23)).toMatchObject({ status: "fail" });
  });

  it("judges kappa on its value once the evidence suffices, and fails it early when its interval is under", () => {
    expect(gate(evidence({ kappa: 0.75 }), "kappa").status).toBe("pass");
    expect(gate(evidence({ kappa: 0.7499 }), "kappa").status).toBe("fail");
    const few = { units: 100, agreements: 95, humanDefects: 20, caughtDefects: 20, humanOk: 80, falseRejects: 1 };
    expect(gate(evidence({ ...few, kappa: 0.7, kappaStandardError: 0.05 }), "kappa").status).toBe("undecided");
    expect(gate(evidence({ ...few, kappa: 0.5, kappaStandardError: 0.05 }), "kappa").status).toBe("fail");
  });

  it("fails on an open drift alert, at any level", () => {
    expect(gate(evidence({ openDriftAlerts: 1 }), "drift").status).toBe("fail");
    const shadow = evaluateGates(evidence({ openDriftAlerts: 2 }), "SHADOW", null);
    expect(shadow.gates.map((g) => g.id)).toEqual(["drift"]);
    expect(shadow).toMatchObject({ passed: false, broken: true });
  });

  it("is undecided, not failed, with no data at all", () => {
    const none = evaluateGates(evidence({ units: 0, agreements: 0, humanDefects: 0, caughtDefects: 0, humanOk: 0, falseRejects: 0, kappa: null, kappaStandardError: null }), "PARTIAL", partial);
    expect(none.gates.filter((g) => g.id !== "drift").map((g) => g.status)).toEqual(["undecided", "undecided", "undecided", "undecided", "undecided"]);
    expect(none).toMatchObject({ passed: false, broken: false });
  });
});

describe("gateTargetsFor", () => {
  it("takes the defaults with the station's overrides for that level", () => {
    expect(gateTargetsFor("PARTIAL", { PARTIAL: { minUnits: 50 }, FULL: { agreement: 0.99 } })).toEqual({ ...GATE_DEFAULTS.PARTIAL, minUnits: 50 });
    expect(gateTargetsFor("SHADOW")).toBeNull();
  });
});

describe("trialsToClear", () => {
  it("is 0 when the bound already clears and null when the rate never can", () => {
    expect(trialsToClear(464, 500, 0.9, "low")).toBe(0);
    expect(trialsToClear(440, 500, 0.9, "low")).toBeNull();
    expect(trialsToClear(0, 0, 0.9, "low")).toBeNull();
  });

  it("finds the fewest extra trials at the same rate", () => {
    const more = trialsToClear(463, 500, 0.9, "low") as number;
    const rate = 463 / 500;
    expect(wilsonInterval(Math.round(rate * (500 + more)), 500 + more).low).toBeGreaterThanOrEqual(0.9);
    expect(wilsonInterval(Math.round(rate * (500 + more - 1)), 500 + more - 1).low).toBeLessThan(0.9);
  });
});

describe("describeUnmetGates", () => {
  it("says what is short and by how much", () => {
    const lines = describeUnmetGates(evaluateGates(evidence({ units: 100, agreements: 84, humanDefects: 20, caughtDefects: 20, humanOk: 80, falseRejects: 0 }), "PARTIAL", partial));
    expect(lines).toContain("Agreement with inspectors (95% lower bound): 84.0% (target >= 90.0%, fails)");
    expect(lines[0]).toBe("Enough evidence (500 units, 50 defects): 100 (target >= 500, not yet decidable)");
  });
});
