import { describe, expect, it } from "vitest";
import { seedTransactionTimeoutMs } from "./seed-history.ts";

describe("a station's seeding transaction", () => {
  it("may take half an hour for the demo's and the 1M bench's histories, and a minute per 20,000 units beyond", () => {
    expect(seedTransactionTimeoutMs(2_000)).toBe(30 * 60_000);
    expect(seedTransactionTimeoutMs(200_000)).toBe(30 * 60_000);
    // bench:dashboard -- --units 10000000: 2M units a station, which took more than 30 minutes here.
    expect(seedTransactionTimeoutMs(2_000_000)).toBe(100 * 60_000);
  });
});
