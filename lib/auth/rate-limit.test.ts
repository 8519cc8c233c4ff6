import { describe, expect, it } from "vitest";
import { clientAddress, signInRules } from "./rate-limit.ts";

describe("sign-in rules", () => {
  it("allow a shift behind one address by default, and read SIGN_IN_RATE_LIMIT", () => {
    expect(signInRules({})).toEqual({ address: { limit: 60, windowSeconds: 60 }, backoff: { freeFailures: 5, maxWaitSeconds: 900 } });
    expect(signInRules({ SIGN_IN_RATE_LIMIT: "5" }).address.limit).toBe(5);
    expect(signInRules({ SIGN_IN_RATE_LIMIT: "lots" }).address.limit).toBe(60);
  });

  it("take the address the nearest proxy appended", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "203.0.113.9, 10.0.0.7" }))).toBe("10.0.0.7");
    expect(clientAddress(new Headers({ "x-real-ip": "10.0.0.8" }))).toBe("10.0.0.8");
    expect(clientAddress(new Headers())).toBe("unknown");
  });
});
