import { describe, expect, it } from "vitest";
import { databaseWork } from "./load.ts";
import { pausedWithin } from "./review-timer.ts";

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

describe("databaseWork", () => {
  const counters = (walBytes: number, fullPageImages: number, blocksRead: number, blocksHit: number) => ({
    walBytes,
    fullPageImages,
    blocksRead,
    blocksHit,
    readByRelation: new Map<string, number>(),
  });

  it("is what the server's counters grew by during the run, per verdict", () => {
    const work = databaseWork(counters(1_000_000, 50, 10, 990), counters(1_700_000, 80, 210, 9_790), 100);
    expect(work).toEqual({ walBytes: 7000, fullPageImages: 0.3, blocksRead: 2, bufferHitRatio: 0.9778 });
  });

  it("says nothing was read from outside shared buffers when the run touched no block", () => {
    expect(databaseWork(counters(0, 0, 5, 5), counters(0, 0, 5, 5), 0)).toEqual({ walBytes: 0, fullPageImages: 0, blocksRead: 0, bufferHitRatio: 1 });
  });
});
