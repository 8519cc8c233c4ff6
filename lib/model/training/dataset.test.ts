import { describe, expect, it } from "vitest";
import { classesOfData, kFoldSplit } from "./dataset.ts";

describe("classesOfData", () => {
  it("learns the data's own defect classes, a factory's oil and stain too", () => {
    // Seen: a station with Oil, Scratch, Stain trained oil and stain as ok, then failed with "unknown label oil".
    expect(classesOfData(["ok", "stain", "oil", "ok", "scratch", "oil"])).toEqual(["oil", "scratch", "stain"]);
  });

  it("refuses before training a defect without its type, and data without a defect", () => {
    expect(() => classesOfData(["ok", "defect", "scratch", "defect"])).toThrow(
      "2 photos are labelled defect without a type: give each its defect type in labels.csv",
    );
    expect(() => classesOfData(["ok", "ok"])).toThrow("none of the 2 photos is a defect");
  });
});

describe("kFoldSplit", () => {
  it("puts every photo in exactly one fold, each fold with the label mix", () => {
    const items = [...Array.from({ length: 30 }, (_, i) => ({ id: i, label: "ok" })), ...Array.from({ length: 9 }, (_, i) => ({ id: 30 + i, label: "oil" }))];
    const folds = kFoldSplit(items, 3, 5);
    expect(
      folds
        .flat()
        .map((item) => item.id)
        .sort((a, b) => a - b),
    ).toEqual(items.map((item) => item.id));
    expect(folds.map((fold) => fold.filter((item) => item.label === "ok").length)).toEqual([10, 10, 10]);
    expect(folds.map((fold) => fold.filter((item) => item.label === "oil").length)).toEqual([3, 3, 3]);
    expect(kFoldSplit(items, 3, 5)).toEqual(folds);
    expect(kFoldSplit(items, 3, 6)).not.toEqual(folds);
  });
});
