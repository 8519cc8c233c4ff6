import { describe, expect, it } from "vitest";
import { wilsonInterval } from "../metrics/index.ts";
import {
  breakingGates,
  describeUnmetGates,
  evaluateGates,
  GATE_DEFAULTS,
  gateStatus,
  gateTargetsFor,
  moreUnitsInWords,
  trialsToClear,
  type GateEvidence,
  type GateResult,
} from "./gates.ts";

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
    unitsPerDay: 300,
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
    expect(short).toMatchObject({ status: "undecided", moreUnits: 1, note: null });
    // Every other gate clears its bound already: each is undecided by that one unit, never "0 more".
    expect(
      evaluateGates(evidence({ units: 499, agreements: 490 }), "PARTIAL", partial)
        .gates.filter((g) => g.status === "undecided")
        .map((g) => [g.id, g.moreUnits]),
    ).toEqual([
      ["evidence", 1],
      ["agreement", 1],
      ["defect-recall", 1],
      ["false-reject", 1],
      ["kappa", 1],
    ]);
    // 40 of 600 units are defects: 10 more defects at that rate take 150 more units.
    expect(gate(evidence({ units: 600, agreements: 590, humanDefects: 40, caughtDefects: 40, humanOk: 560 }), "evidence")).toMatchObject({
      status: "undecided",
      moreUnits: 150,
    });
    const report = evaluateGates(evidence({ units: 499, agreements: 490 }), "PARTIAL", partial);
    expect(report).toMatchObject({ passed: false, broken: false });
  });

  it("passes agreement exactly where the 95% Wilson lower bound reaches the target (464 of 500 for 0.9)", () => {
    expect(wilsonInterval(464, 500).low).toBeGreaterThanOrEqual(0.9);
    expect(wilsonInterval(463, 500).low).toBeLessThan(0.9);
    const at = (agreements: number) =>
      gate(evidence({ units: 500, agreements, humanDefects: 100, caughtDefects: 100, humanOk: 400, falseRejects: 2 }), "agreement");
    expect(at(464).status).toBe("pass");
    // 463/500 = 92.6% clears the target as a rate but not as a bound: more units would decide it.
    const undecided = at(463);
    expect(undecided.status).toBe("undecided");
    expect(undecided.moreUnits).toBe(trialsToClear(463, 500, 0.9, "low"));
    expect(undecided.moreUnits).toBeGreaterThan(0);
    // 449/500 = 89.8%: under the target, but the interval [0.868, 0.922] still holds it: not decidable, and never at this rate.
    expect(at(449)).toMatchObject({ status: "undecided", moreUnits: null, note: expect.stringContaining("would not pass") });
    // 430/500: the whole interval [0.828, 0.885] lies under the target.
    expect(at(430)).toMatchObject({ status: "fail", moreUnits: null });
  });

  it("fails agreement on little evidence when the whole interval is under the target", () => {
    // 84 of 100: upper bound 0.898 < 0.9.
    const e = evidence({ units: 100, agreements: 84, humanDefects: 20, caughtDefects: 20, humanOk: 80, falseRejects: 0 });
    expect(gate(e, "agreement").status).toBe("fail");
    expect(gate({ ...e, agreements: 85 }, "agreement").status).toBe("undecided");
    expect(evaluateGates(e, "PARTIAL", partial).broken).toBe(true);
  });

  it("says it fails on few units when the whole interval is under, but acts on it only from 30 units", () => {
    // The case: 7 of 25 agree (28%), interval 14.3%-47.6%, target 80%: failing, not "not yet decidable".
    const few = (units: number, agreements: number) =>
      evidence({
        units,
        agreements,
        humanDefects: 0,
        caughtDefects: 0,
        humanOk: units,
        falseRejects: units - agreements,
        kappa: null,
        kappaStandardError: null,
      });
    expect(evaluateGates(few(25, 7), "AI_ASSIST", GATE_DEFAULTS.AI_ASSIST).gates.find((g) => g.id === "agreement")).toMatchObject({
      status: "fail",
      moreUnits: null,
    });
    const report29 = evaluateGates(few(29, 0), "PARTIAL", partial);
    expect(report29.gates.find((g) => g.id === "agreement")?.status).toBe("fail");
    expect(report29.broken).toBe(false);
    expect(breakingGates(report29.gates, 29)).toEqual([]);
    const report30 = evaluateGates(few(30, 0), "PARTIAL", partial);
    expect(report30.broken).toBe(true);
    expect(breakingGates(report30.gates, 30).map((g) => g.id)).toEqual(["agreement", "false-reject"]);
  });

  it("judges defect recall on the human's defects, in units", () => {
    // 100 of 100 defects caught: lower bound 0.963 >= 0.95.
    expect(gate(evidence({ humanDefects: 100, caughtDefects: 100, humanOk: 900 }), "defect-recall").status).toBe("pass");
    // 99 of 100: rate 0.99 but bound 0.946: more defects needed, converted to units at a 10% defect rate.
    const short = gate(evidence({ humanDefects: 100, caughtDefects: 99, humanOk: 900 }), "defect-recall");
    expect(short.status).toBe("undecided");
    expect(short.moreUnits).toBe(Math.ceil((trialsToClear(99, 100, 0.95, "low") as number) / 0.1));
    // 94 of 100 (interval 87.5%-97.2%) is not yet decidable, and never at that rate; 90 of 100 (82.6%-94.5%) fails.
    expect(gate(evidence({ humanDefects: 100, caughtDefects: 94, humanOk: 900 }), "defect-recall")).toMatchObject({ status: "undecided", moreUnits: null });
    expect(gate(evidence({ humanDefects: 100, caughtDefects: 90, humanOk: 900 }), "defect-recall").status).toBe("fail");
  });

  it("passes the false-reject rate where its 95% upper bound is at or under the target (13 of 450 for 0.05)", () => {
    const at = (falseRejects: number) =>
      gate(evidence({ units: 550, agreements: 540, humanDefects: 100, caughtDefects: 100, humanOk: 450, falseRejects }), "false-reject");
    expect(at(13).status).toBe("pass");
    expect(at(14).status).toBe("undecided");
    // 40 of 450: the interval's lower end is over 5%.
    expect(at(40)).toMatchObject({ status: "fail" });
  });

  it("judges kappa on its 95% interval: passes when the lower end clears, fails when the upper end is under", () => {
    expect(gate(evidence({ kappa: 0.8, kappaStandardError: 0.025 }), "kappa").status).toBe("pass"); // lower end 0.751
    const short = gate(evidence({ kappa: 0.8, kappaStandardError: 0.03 }), "kappa"); // lower end 0.741
    expect(short.status).toBe("undecided");
    // SE shrinks as 1/sqrt(n): (1.96 * 0.03 / 0.05)^2 = 1.383 times the units.
    expect(short.moreUnits).toBe(Math.ceil(1000 * ((1.959963984540054 * 0.03) / 0.05) ** 2) - 1000);
    expect(gate(evidence({ kappa: 0.7, kappaStandardError: 0.0255 }), "kappa")).toMatchObject({ status: "fail" });
    expect(gate(evidence({ kappa: 0.74, kappaStandardError: 0.01 }), "kappa")).toMatchObject({
      status: "undecided",
      moreUnits: null,
      note: expect.stringContaining("would not pass"),
    });
  });

  it("says why kappa has no value", () => {
    const allOk = gate(
      evidence({ units: 40, agreements: 40, humanDefects: 0, caughtDefects: 0, humanOk: 40, falseRejects: 0, kappa: null, kappaStandardError: null }),
      "kappa",
    );
    expect(allOk).toMatchObject({ status: "undecided", value: null });
    expect(allOk.note).toBe(
      "kappa is undefined while the model and the inspectors gave one and the same label to all 40 compared units (chance agreement is 1)",
    );
  });

  it("fails on an open drift alert, at any level", () => {
    expect(gate(evidence({ openDriftAlerts: 1 }), "drift").status).toBe("fail");
    const shadow = evaluateGates(evidence({ openDriftAlerts: 2 }), "SHADOW", null);
    expect(shadow.gates.map((g) => g.id)).toEqual(["drift"]);
    expect(shadow).toMatchObject({ passed: false, broken: true });
  });

  it("is undecided, not failed, with no data at all", () => {
    const none = evaluateGates(
      evidence({ units: 0, agreements: 0, humanDefects: 0, caughtDefects: 0, humanOk: 0, falseRejects: 0, kappa: null, kappaStandardError: null }),
      "PARTIAL",
      partial,
    );
    expect(none.gates.filter((g) => g.id !== "drift").map((g) => g.status)).toEqual(["undecided", "undecided", "undecided", "undecided", "undecided"]);
    expect(none).toMatchObject({ passed: false, broken: false });
  });
});

describe("gateStatus", () => {
  const base = { target: 0.9, direction: "at-least" as const, evidenceShortfall: 0, unitsUntilBoundClears: 0 };

  it("passes exactly when the lower bound reaches the target on the minimum evidence", () => {
    expect(gateStatus({ ...base, interval: [0.9, 0.95] }).status).toBe("pass");
    expect(gateStatus({ ...base, interval: [0.8999, 0.95], unitsUntilBoundClears: 12 })).toEqual({ status: "undecided", moreUnits: 12, note: null });
  });

  it("fails exactly when the whole interval lies under the target, and not when its upper end touches it", () => {
    expect(gateStatus({ ...base, interval: [0.5, 0.8999], unitsUntilBoundClears: null })).toEqual({ status: "fail", moreUnits: null, note: null });
    expect(gateStatus({ ...base, interval: [0.5, 0.9], unitsUntilBoundClears: null }).status).toBe("undecided");
  });

  it("mirrors both rules for an at-most gate", () => {
    const atMost = { ...base, target: 0.05, direction: "at-most" as const };
    expect(gateStatus({ ...atMost, interval: [0.01, 0.05] }).status).toBe("pass");
    expect(gateStatus({ ...atMost, interval: [0.0501, 0.09] }).status).toBe("fail");
    expect(gateStatus({ ...atMost, interval: [0.05, 0.09], unitsUntilBoundClears: null }).status).toBe("undecided");
  });

  it("never says 0 more units for an undecided gate: a clearing bound short of evidence needs the evidence's shortfall", () => {
    expect(gateStatus({ ...base, interval: [0.95, 0.99], evidenceShortfall: 140 })).toMatchObject({ status: "undecided", moreUnits: 140 });
    expect(gateStatus({ ...base, interval: [0.85, 0.99], evidenceShortfall: 140, unitsUntilBoundClears: 90 })).toMatchObject({ moreUnits: 140 });
    expect(gateStatus({ ...base, interval: [0.85, 0.99], evidenceShortfall: 140, unitsUntilBoundClears: 400 })).toMatchObject({ moreUnits: 400 });
  });

  it("says why where no number can be given", () => {
    expect(gateStatus({ ...base, interval: null, evidenceShortfall: 500, whyNoValue: "no compared units yet" })).toEqual({
      status: "undecided",
      moreUnits: 500,
      note: "no compared units yet",
    });
    expect(gateStatus({ ...base, interval: [0.85, 0.95], unitsUntilBoundClears: null }).note).toMatch(/would not pass/);
  });
});

describe("moreUnitsInWords", () => {
  it("tells the count with shifts at this week's pace (three 8-hour shifts a day)", () => {
    expect(moreUnitsInWords(140, 210)).toBe("about 140 more compared units, ~2 shifts at this week's pace (210 a day)");
    expect(moreUnitsInWords(70, 210)).toBe("about 70 more compared units, ~1 shift at this week's pace (210 a day)");
    expect(moreUnitsInWords(69, 210)).toBe("about 69 more compared units, within one shift at this week's pace (210 a day)");
    expect(moreUnitsInWords(5000, 30)).toBe("about 5,000 more compared units, ~167 days at this week's pace (30 a day)");
    expect(moreUnitsInWords(1, null)).toBe("about 1 more compared unit; none were compared this week, so no date can be given");
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
    const lines = describeUnmetGates(
      evaluateGates(evidence({ units: 100, agreements: 84, humanDefects: 20, caughtDefects: 20, humanOk: 80, falseRejects: 0 }), "PARTIAL", partial),
    );
    expect(lines).toContain("Agreement with inspectors (95% lower bound): 84.0% (target >= 90.0%, fails)");
    expect(lines[0]).toBe("Enough evidence (500 units, 50 defects): 100 (target >= 500, not yet decidable)");
  });
});

describe("the escape gate", () => {
  const full = GATE_DEFAULTS.FULL;
  const escapes = (units: number, escaped: number) => ({ perMillion: 500, window: 10_000, units, escaped });
  const escapeGateOf = (e: GateEvidence) => evaluateGates(e, "FULL", full).gates.find((g) => g.id === "escapes");

  it("is judged for FULL only, where the station requires it", () => {
    expect(escapeGateOf(evidence())).toBeUndefined();
    expect(evaluateGates(evidence({ escapes: escapes(10_000, 0) }), "PARTIAL", partial).gates.map((g) => g.id)).not.toContain("escapes");
    expect(escapeGateOf(evidence({ escapes: escapes(10_000, 0) }))?.status).toBe("pass");
  });

  it("passes a whole window within the allowance, and waits for one otherwise", () => {
    // 500 per million over 10,000 units allows 5 escapes.
    expect(escapeGateOf(evidence({ escapes: escapes(10_000, 5) }))).toMatchObject({ status: "pass", value: 0.0005, target: 0.0005, direction: "at-most" });
    const waiting = escapeGateOf(evidence({ escapes: escapes(4_000, 2) }))!;
    expect(waiting.status).toBe("undecided");
    expect(waiting.note).toBe(
      "the model has decided 4,000 units alone; the gate counts a whole window of 10,000, and 2 of the 5 escapes it allows were found so far",
    );
  });

  it("fails as soon as more escapes were found than the window allows, and then breaks the level", () => {
    const failing = evidence({ escapes: escapes(3_000, 6) });
    const report = evaluateGates(failing, "FULL", full);
    expect(report.gates.find((g) => g.id === "escapes")?.status).toBe("fail");
    expect(breakingGates(report.gates, failing.units).map((g) => g.id)).toContain("escapes");
    expect(describeUnmetGates(report).join("\n")).toContain(
      "Defects found downstream, over the model's last 10,000 decided units: 2000 per million (target <= 500 per million, fails)",
    );
  });
});
