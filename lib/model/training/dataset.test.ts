import { describe, expect, it } from "vitest";
import { classesOfData } from "./dataset.ts";

describe("classesOfData", () => {
  it("learns the data's own defect classes, a factory's oil and stain too", () => {
    // Seen: a station with Oil, Scratch, Stain trained oil and stain as ok, then failed with "unknown label oil".
    expect(classesOfData(["ok", "stain", "oil", "ok", "scratch", "oil"])).toEqual(["oil", "scratch", "stain"]);
  });

  it("refuses before training a defect without its type, and data without a defect", () => {
    expect(() => classesOfData(["ok", "defect", "scratch", "defect"])).toThrow("2 photos are labelled defect without a type: give each its defect type in labels.csv");
    expect(() => classesOfData(["ok", "ok"])).toThrow("none of the 2 photos is a defect");
  });
});
