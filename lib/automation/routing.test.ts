import { describe, expect, it } from "vitest";
import { unitLevel, routeUnit, type RoutingPolicy, unitFraction } from "./routing.ts";

const partial: RoutingPolicy = { level: "PARTIAL", canaryShare: 1, canaryFromLevel: null, okThreshold: 0.05, defectThreshold: 0.95, auditShare: 0 };
const ids = Array.from({ length: 4000 }, (_, i) => `unit-${i}`);

describe("routeUnit", () => {
  it("sends every unit to a human below PARTIAL", () => {
    for (const level of ["HUMAN_ONLY", "SHADOW", "AI_ASSIST"] as const) {
      expect(routeUnit({ ...partial, level }, "u1", 0.001).route).toBe("HUMAN");
    }
  });

  it("lets the model decide at PARTIAL only past the thresholds, edges included", () => {
    expect(routeUnit(partial, "u1", 0.05).route).toBe("MODEL");
    expect(routeUnit(partial, "u1", 0.0501).route).toBe("HUMAN");
    expect(routeUnit(partial, "u1", 0.9499).route).toBe("HUMAN");
    expect(routeUnit(partial, "u1", 0.95).route).toBe("MODEL");
  });

  it("lets the model decide everything at FULL", () => {
    expect(routeUnit({ ...partial, level: "FULL" }, "u1", 0.5).route).toBe("MODEL");
  });

  it("audits about the audit share of the units the model could decide", () => {
    const audited = ids.filter((id) => routeUnit({ ...partial, auditShare: 0.1 }, id, 0.01).route === "AUDIT").length;
    expect(audited / ids.length).toBeGreaterThan(0.085);
    expect(audited / ids.length).toBeLessThan(0.115);
  });

  it("runs a canary's share of units at the new level and the rest at the old, the same way every time", () => {
    const canary: RoutingPolicy = { ...partial, canaryShare: 0.1, canaryFromLevel: "SHADOW" };
    const atNew = ids.filter((id) => unitLevel(canary, id) === "PARTIAL");
    expect(atNew.length / ids.length).toBeGreaterThan(0.085);
    expect(atNew.length / ids.length).toBeLessThan(0.115);
    expect(ids.filter((id) => unitLevel(canary, id) === "PARTIAL")).toEqual(atNew);
    const outside = ids.find((id) => !atNew.includes(id)) as string;
    expect(routeUnit(canary, outside, 0.001)).toEqual({ route: "HUMAN", level: "SHADOW" });
  });
});

describe("unitFraction", () => {
  it("is in [0, 1), stable, and differs by purpose", () => {
    const a = unitFraction("x", "audit");
    expect(a).toBe(unitFraction("x", "audit"));
    expect(a).not.toBe(unitFraction("x", "canary"));
    expect(ids.every((id) => unitFraction(id, "s") >= 0 && unitFraction(id, "s") < 1)).toBe(true);
  });
});
