import { describe, expect, it } from "vitest";
import { binLabels } from "./bin-labels.ts";

describe("binLabels", () => {
  it("reads two decimals where they tell the edges apart", () => {
    expect(binLabels([0.1, 0.25, 0.7])).toEqual(["< 0.10", "0.10–0.25", "0.25–0.70", "≥ 0.70"]);
  });

  it("takes as many decimals as neighbouring edges need to differ", () => {
    // Seen on /drift: "0.02-0.02" four times.
    expect(binLabels([0.0201, 0.0215, 0.0232])).toEqual(["< 0.020", "0.020–0.021", "0.021–0.023", "≥ 0.023"]);
    expect(new Set(binLabels([0.020001, 0.020002])).size).toBe(3);
  });

  it("has one bin without edges", () => {
    expect(binLabels([])).toEqual(["all"]);
  });
});
