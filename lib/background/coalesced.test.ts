import { describe, expect, it, vi } from "vitest";
import { coalescedRunner } from "./coalesced.ts";

describe("coalescedRunner", () => {
  it("runs once more for requests that arrive during a run, however many", async () => {
    const runner = coalescedRunner((key) => key);
    let release: () => void = () => {};
    let runs = 0;
    const work = () => {
      runs += 1;
      return runs === 1 ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
    };
    const first = runner.run("a", work);
    void runner.run("a", work);
    void runner.run("a", work);
    release();
    await first;
    expect(runs).toBe(2);
    await runner.run("a", work);
    expect(runs).toBe(3);
  });

  it("keeps keys apart, and logs a failure without rejecting", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const runner = coalescedRunner((key) => `work on ${key}`);
    await expect(runner.run("b", () => Promise.reject(new Error("boom")))).resolves.toBeUndefined();
    expect(log).toHaveBeenCalledWith("work on b failed", expect.any(Error));
    await expect(runner.settled("b")).resolves.toBeUndefined();
    log.mockRestore();
  });
});
