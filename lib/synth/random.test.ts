import { describe, expect, it } from "vitest";
import { Random } from "./random.ts";

describe("Random.shuffle", () => {
  it("draws as the splits, training batches and finder training always did: one next() per swap, from the last item down", () => {
    const expected = Array.from({ length: 50 }, (_, i) => i);
    const draws = new Random(88);
    for (let i = expected.length - 1; i > 0; i--) {
      const j = Math.floor(draws.next() * (i + 1));
      [expected[i], expected[j]] = [expected[j] as number, expected[i] as number];
    }
    const items = Array.from({ length: 50 }, (_, i) => i);
    expect(new Random(88).shuffle(items)).toBe(items);
    expect(items).toEqual(expected);
    expect([...items].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(new Random(89).shuffle(Array.from({ length: 50 }, (_, i) => i))).not.toEqual(expected);
  });
});
