import { describe, expect, it } from "vitest";
import { restartDelay } from "./restart-delay.ts";

describe("restartDelay", () => {
  it("restarts a rare crash after a second, well inside the 5 s the app may be down", () => {
    expect(restartDelay([1_000], 1_000)).toBe(1_000);
    // An hour after the last burst, a crash is rare again.
    expect(restartDelay([0, 1_000, 2_000, 3_600_000], 3_600_000)).toBe(1_000);
  });

  it("doubles while crashes keep coming within a minute, up to 30 s", () => {
    expect(restartDelay([0, 1_000], 1_000)).toBe(2_000);
    expect(restartDelay([0, 1_000, 3_000], 3_000)).toBe(4_000);
    expect(
      restartDelay(
        Array.from({ length: 10 }, (_, i) => i * 1_000),
        9_000,
      ),
    ).toBe(30_000);
  });
});
