import { describe, expect, it } from "vitest";
import { DEFAULT_BLIND_SHARE, isBlindUnit, showsSuggestion } from "./blind.ts";
import { unitFraction } from "./routing.ts";

const ids = Array.from({ length: 20_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);

describe("isBlindUnit", () => {
  it("makes about the blind share of units blind, the same ones every time", () => {
    const blind = ids.filter((id) => isBlindUnit(id, DEFAULT_BLIND_SHARE)).length / ids.length;
    // 20,000 draws at p = 0.15: the standard error is 0.0025.
    expect(blind).toBeGreaterThan(0.14);
    expect(blind).toBeLessThan(0.16);
    expect(ids.filter((id) => isBlindUnit(id, DEFAULT_BLIND_SHARE))).toEqual(ids.filter((id) => isBlindUnit(id, DEFAULT_BLIND_SHARE)));
  });

  it("draws independently of the audit and canary draws", () => {
    const blindAndAudited = ids.filter((id) => isBlindUnit(id, 0.5) && unitFraction(id, "audit") < 0.5).length / ids.length;
    expect(blindAndAudited).toBeGreaterThan(0.23);
    expect(blindAndAudited).toBeLessThan(0.27);
  });

  it("widens monotonically: a unit blind at 15% is blind at 30%", () => {
    expect(ids.filter((id) => isBlindUnit(id, 0.15) && !isBlindUnit(id, 0.3))).toEqual([]);
  });
});

describe("showsSuggestion", () => {
  const policy = { level: "AI_ASSIST" as const, canaryShare: 1, canaryFromLevel: null, blindShare: 0.15 };
  it("shows the suggestion at AI assistance except on blind units, and nowhere else", () => {
    const id = ids.find((x) => !isBlindUnit(x, 0.15)) as string;
    const blind = ids.find((x) => isBlindUnit(x, 0.15)) as string;
    expect(showsSuggestion(policy, id)).toBe(true);
    expect(showsSuggestion(policy, blind)).toBe(false);
    for (const level of ["HUMAN_ONLY", "SHADOW", "PARTIAL", "FULL"] as const) expect(showsSuggestion({ ...policy, level }, id)).toBe(false);
  });

  it("during a canary to AI assistance, only the canary's units show it", () => {
    const canary = { ...policy, canaryShare: 0.1, canaryFromLevel: "SHADOW" as const };
    const shown = ids.filter((id) => showsSuggestion(canary, id)).length / ids.length;
    expect(shown).toBeGreaterThan(0.1 * 0.85 - 0.01);
    expect(shown).toBeLessThan(0.1 * 0.85 + 0.01);
  });
});
