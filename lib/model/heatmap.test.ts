import { describe, expect, it } from "vitest";
import { squareHeatmap } from "./heatmap.ts";

describe("squareHeatmap", () => {
  it("keeps each square cell's hottest patch", () => {
    // 2 rows x 4 columns onto 2 x 2: each cell takes two neighbouring columns.
    expect(squareHeatmap([0.1, 0.9, 0.2, 0.3, 0, 0, 0.4, 0.05], 2, 4, 2)).toEqual([0.9, 0.3, 0, 0.4]);
  });

  it("spreads a grid smaller than the square without inventing heat", () => {
    const out = squareHeatmap([1, 0], 1, 2, 4);
    expect(out.filter((v) => v === 1)).toHaveLength(1);
    expect(out.reduce((a, b) => a + b, 0)).toBe(1);
    // The hot patch sits in the left half, middle row band.
    expect(out.indexOf(1) % 4).toBeLessThan(2);
  });

  it("keeps a single hot patch of a 45 x 80 frame at its place", () => {
    const grid = new Array(45 * 80).fill(0);
    grid[40 * 80 + 10] = 0.8; // near the bottom left
    const out = squareHeatmap(grid, 45, 80, 32);
    const hot = out.indexOf(0.8);
    expect(Math.floor(hot / 32)).toBe(Math.floor((40.5 * 32) / 45));
    expect(hot % 32).toBe(Math.floor((10.5 * 32) / 80));
  });
});
