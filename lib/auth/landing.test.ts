import { describe, expect, it } from "vitest";
import { landingAfterSignIn, safeNext } from "./landing.ts";

describe("safeNext", () => {
  it("keeps paths on this site", () => {
    expect(safeNext("/dashboard?station=line-1")).toBe("/dashboard?station=line-1");
    expect(safeNext("/review#unit-3")).toBe("/review#unit-3");
  });

  it.each([
    "//evil.example/x",
    "/\\evil.example",
    "https://evil.example",
    "evil",
    "",
    null,
    undefined,
    "/",
    // Tabs and newlines vanish in a browser's URL parser: these are //evil.example/ to it.
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r\n/evil.example",
    "/review\nSet-Cookie: x=1",
    "/\u0000/x",
  ])("refuses %j", (next) => {
    expect(safeNext(next)).toBeNull();
  });
});

describe("landingAfterSignIn", () => {
  it("goes where the person was going", () => {
    expect(landingAfterSignIn("/review", "ENGINEER")).toBe("/review");
  });

  it("goes straight to the role's home without a next", () => {
    expect(landingAfterSignIn("/", "INSPECTOR")).toBe("/inspect");
    expect(landingAfterSignIn(undefined, "MANAGER")).toBe("/automation");
    expect(landingAfterSignIn("//evil.example", "ADMIN")).toBe("/admin");
  });

  it("falls back to home when the role is unknown", () => {
    expect(landingAfterSignIn(undefined, "VISITOR")).toBe("/");
  });
});
