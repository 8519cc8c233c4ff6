import { describe, expect, it } from "vitest";
import { LEVELS, levelAbove, levelBelow, levelRank } from "./levels.ts";

describe("automation levels", () => {
  it("orders the ladder from humans only to full", () => {
    expect(LEVELS).toEqual(["HUMAN_ONLY", "SHADOW", "AI_ASSIST", "PARTIAL", "FULL"]);
    expect(levelRank("PARTIAL")).toBe(3);
  });

  it("steps down one level and stops at the bottom", () => {
    expect(levelBelow("FULL")).toBe("PARTIAL");
    expect(levelBelow("SHADOW")).toBe("HUMAN_ONLY");
    expect(levelBelow("HUMAN_ONLY")).toBeNull();
  });

  it("steps up one level and stops at the top", () => {
    expect(levelAbove("HUMAN_ONLY")).toBe("SHADOW");
    expect(levelAbove("FULL")).toBeNull();
  });
});
