import { describe, expect, it } from "vitest";
import { classesStartingFrom, TrainingRefused } from "./pipeline.ts";

describe("classesStartingFrom", () => {
  it("keeps the starting version's classes the data has, in its order, and puts the new ones after", () => {
    const lines: string[] = [];
    expect(classesStartingFrom(["scuff", "dent", "scratch"], ["scratch", "crack", "dent"], "v9", (line) => lines.push(line))).toEqual([
      "scratch",
      "dent",
      "scuff",
    ]);
    expect(lines).toEqual(["starting from v9: new classes scuff start fresh"]);
  });

  it("learning only the new classes, says so, and refuses when the data brings none", () => {
    const lines: string[] = [];
    expect(classesStartingFrom(["scuff", "dent"], ["scratch", "dent"], "v9", (line) => lines.push(line), true)).toEqual(["dent", "scuff"]);
    expect(lines).toEqual(["starting from v9: only the new classes scuff are learnt; everything else stays v9's"]);
    expect(() => classesStartingFrom(["dent"], ["scratch", "dent"], "v9", () => undefined, true)).toThrow(TrainingRefused);
    expect(() => classesStartingFrom(["dent"], ["scratch", "dent"], "v9", () => undefined, true)).toThrow(/no new class to learn alone/);
  });
});
