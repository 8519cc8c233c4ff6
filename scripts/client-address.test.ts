import { describe, expect, it } from "vitest";
import { believeForwarding, clientAddressOf, trustedProxiesOf } from "./client-address.mjs";

describe("the client's address, as the app server hands it to the app", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For the client sent", () => {
    expect(clientAddressOf("203.0.113.9", "10.0.0.7", 0)).toBe("10.0.0.7");
    expect(clientAddressOf(["198.51.100.1, 203.0.113.9"], "10.0.0.7", 0)).toBe("10.0.0.7");
    expect(clientAddressOf(undefined, "::ffff:127.0.0.1", 0)).toBe("127.0.0.1");
    expect(clientAddressOf(undefined, "::1", 0)).toBe("::1");
    expect(clientAddressOf(undefined, undefined, 0)).toBe("unknown");
  });

  it("is what the outermost trusted proxy appended, never an entry the client wrote", () => {
    // One proxy (at 10.0.0.2) appended the client it saw (198.51.100.4) to the client's own claim.
    expect(clientAddressOf("203.0.113.9, 198.51.100.4", "10.0.0.2", 1)).toBe("198.51.100.4");
    // Two proxies: the outer one saw 198.51.100.4, the inner one saw the outer (10.0.0.1).
    expect(clientAddressOf("203.0.113.9, 198.51.100.4, 10.0.0.1", "10.0.0.2", 2)).toBe("198.51.100.4");
    // Fewer entries than proxies (a request from inside, past the proxy): the leftmost there is.
    expect(clientAddressOf(undefined, "10.0.0.2", 1)).toBe("10.0.0.2");
    expect(clientAddressOf(" , ", "10.0.0.2", 1)).toBe("10.0.0.2");
  });

  it("reads TRUSTED_PROXIES as a small count, refusing anything else", () => {
    expect(trustedProxiesOf(undefined)).toBe(0);
    expect(trustedProxiesOf("")).toBe(0);
    expect(trustedProxiesOf("2")).toBe(2);
    expect(() => trustedProxiesOf("yes")).toThrow(/TRUSTED_PROXIES must be the number of proxies .* not "yes"/);
    expect(() => trustedProxiesOf("-1")).toThrow(RangeError);
    expect(() => trustedProxiesOf("1.5")).toThrow(RangeError);
  });

  it("keeps where a request was addressed only from a trusted proxy", () => {
    const sent = () => ({
      host: "inspect.example:3000",
      "x-forwarded-for": "203.0.113.9",
      "x-real-ip": "203.0.113.9",
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "https",
      "x-forwarded-port": "443",
      forwarded: "host=evil.example",
    });
    const direct = sent();
    believeForwarding(direct, "10.0.0.7", 0);
    expect(direct).toEqual({ host: "inspect.example:3000", "x-forwarded-for": "10.0.0.7" });
    const proxied = sent();
    believeForwarding(proxied, "10.0.0.2", 1);
    expect(proxied).toEqual({ ...sent(), "x-forwarded-for": "203.0.113.9", "x-real-ip": undefined });
  });
});
