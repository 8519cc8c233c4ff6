import { describe, expect, it } from "vitest";
import { classesStartingFrom, operatingThreshold, startingThreshold, thresholdRecord, TrainingRefused } from "./pipeline.ts";

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

describe("the operating threshold of a version that learns only the new classes", () => {
  // 51 ok photos of a line, out of fold, one of them at or above v13's threshold; and what a run records of it.
  const line = [...Array.from({ length: 50 }, (_, i) => ({ truth: "ok", scores: [i / 100, 0] })), { truth: "ok", scores: [0.8, 0] }];

  it("starts from the starting version's threshold, placed on its own calibration photos", () => {
    expect(startingThreshold({ initFrom: "v13", newClassesOnly: true })).toEqual({ threshold: 0.6899033056030274, from: "v13", okPhotos: 1280 });
    // Fine-tuned whole, its classes no longer score as v13's: nothing to start from.
    expect(startingThreshold({ initFrom: "v13", newClassesOnly: false })).toBeUndefined();
  });

  it("keeps it while the line's few ok photos do not move it, says so in the warning, and records whose it is", () => {
    const lines: string[] = [];
    const { placement, promise, thresholdWarning } = operatingThreshold(line, 0.025, startingThreshold({ initFrom: "v13", newClassesOnly: true }), (l) =>
      lines.push(l),
    );
    expect(placement.threshold).toBe(0.6899033056030274);
    expect(lines[0]).toMatch(/^threshold 0\.6899: 1 of the 51 ok photos reaches v13's threshold \(0\.6899, placed on 1280 ok photos\)/);
    // 51 ok photos still promise no 2.5%: the warning stays, and says what the threshold is meanwhile.
    expect(thresholdWarning).toContain("rests on 51 ok photos (1 rejected)");
    expect(thresholdWarning).toContain("Until then: 1 of the 51 ok photos reaches v13's threshold");
    expect(thresholdRecord(promise, placement)).toMatchObject({ okPhotos: 51, falseRejects: 1, keptFrom: "v13" });
  });

  it("without a version to start from, places it on the photos and records no other", () => {
    const lines: string[] = [];
    const { placement, promise, thresholdWarning } = operatingThreshold(line, 0.025, undefined, (l) => lines.push(l));
    expect(placement.threshold).toBeCloseTo(0.49 + 1e-6, 9);
    expect(thresholdWarning).not.toContain("Until then");
    expect(lines).toEqual([`WARNING: ${thresholdWarning}`]);
    expect(thresholdRecord(promise, placement)).not.toHaveProperty("keptFrom");
  });
});
