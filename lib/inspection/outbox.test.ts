import { describe, expect, it } from "vitest";
import { backoffMs, isRetryable } from "./outbox.ts";

describe("outbox retry policy", () => {
  it("backs off from half a second, doubling, up to 15 seconds", () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(backoffMs)).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000]);
  });

  it("retries server errors, timeouts and rate limits, never refusals", () => {
    expect([500, 502, 503, 408, 429].every(isRetryable)).toBe(true);
    expect([400, 401, 403, 404, 409, 422].some(isRetryable)).toBe(false);
  });
});
