import { describe, expect, it } from "vitest";
import { pausedWithin } from "./load.ts";

describe("pausedWithin", () => {
  it("counts only the part of each pause inside the span", () => {
    const pauses = [
      { startTime: 0, duration: 5 }, // before, ends at the span's start
      { startTime: 8, duration: 4 }, // straddles the start: 2 ms inside
      { startTime: 13, duration: 3 }, // inside
      { startTime: 19, duration: 10 }, // straddles the end: 1 ms inside
      { startTime: 25, duration: 1 }, // after
    ];
    expect(pausedWithin([10, 20], pauses)).toBe(6);
    expect(pausedWithin([10, 20], [])).toBe(0);
  });
});
