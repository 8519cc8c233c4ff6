import { describe, expect, it } from "vitest";
import { countedCells, describeRegion, inspectionRegionSchema, regionFrom, regionMask, sameRegion } from "./region.ts";

describe("a station's region of interest", () => {
  it("counts the cells whose centre lies inside it", () => {
    // A 4 x 4 grid: the region covers the right half and the lower half's centres.
    const mask = regionMask(4, 4, { left: 0.5, top: 0.5, width: 0.5, height: 0.5 });
    const counted = mask.flatMap((yes, i) => (yes ? [i] : []));
    expect(counted).toEqual([10, 11, 14, 15]);
  });

  it("counts every cell without a region", () => {
    expect(regionMask(2, 3, null)).toEqual([true, true, true, true, true, true]);
  });

  it("still counts the cell under a region narrower than one cell", () => {
    const mask = regionMask(2, 2, { left: 0.6, top: 0.1, width: 0.05, height: 0.05 });
    expect(mask).toEqual([false, true, false, false]);
  });

  it("accepts a region inside the photo and refuses one outside it, too small, or with other fields", () => {
    expect(regionFrom({ left: 0.1, top: 0.2, width: 0.5, height: 0.6 })).toEqual({ left: 0.1, top: 0.2, width: 0.5, height: 0.6 });
    expect(regionFrom({ left: 0.6, top: 0, width: 0.5, height: 0.5 })).toBeNull();
    expect(regionFrom({ left: 0, top: 0, width: 0.01, height: 0.5 })).toBeNull();
    expect(regionFrom({ left: -0.1, top: 0, width: 0.5, height: 0.5 })).toBeNull();
    expect(regionFrom({ left: 0, top: 0, width: 1, height: 1, extra: 1 })).toBeNull();
    expect(regionFrom(null)).toBeNull();
    expect(inspectionRegionSchema.safeParse({ left: 0, top: 0, width: 1, height: 1 }).success).toBe(true);
  });

  it("says where it is in words, and compares to a form's rounding", () => {
    expect(describeRegion(null)).toBe("the whole photo");
    expect(describeRegion({ left: 0.1, top: 0.05, width: 0.6, height: 0.8 })).toBe("left 10%, top 5%, 60% × 80% of the photo");
    expect(sameRegion(null, null)).toBe(true);
    expect(sameRegion({ left: 0.1, top: 0, width: 0.5, height: 0.5 }, null)).toBe(false);
    expect(sameRegion({ left: 0.1, top: 0, width: 0.5, height: 0.5 }, { left: 0.1 + 1e-9, top: 0, width: 0.5, height: 0.5 })).toBe(true);
  });
});

describe("the cells a score is taken over", () => {
  const right = { left: 0.5, top: 0, width: 0.5, height: 1 };
  it("are every cell with neither a region nor a phone finder, the region's without a finder, the phone's without a region", () => {
    expect(countedCells(2, 2, null, null)).toBeNull();
    expect(countedCells(2, 2, right, null)).toEqual([false, true, false, true]);
    expect(countedCells(2, 2, null, [1, 0, 0, 1])).toEqual([true, false, false, true]);
  });

  it("are the phone's inside the region, or the region's alone when the phone was found only outside it", () => {
    expect(countedCells(2, 2, right, [1, 1, 0, 0])).toEqual([false, true, false, false]);
    expect(countedCells(2, 2, right, [1, 0, 1, 0])).toEqual([false, true, false, true]);
  });
});
