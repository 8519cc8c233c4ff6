import { describe, expect, it } from "vitest";
import { homeFor, isRole, placeFor, placesFor, ROLES } from "./roles.ts";

describe("roles", () => {
  it("sends each role to its place", () => {
    expect(ROLES.map(homeFor)).toEqual(["/inspect", "/dashboard", "/automation", "/admin"]);
  });

  it("lets every role open its own home", () => {
    for (const role of ROLES) expect(placeFor(homeFor(role)).roles).toContain(role);
  });

  it("keeps inspectors out of automation, review, models and admin", () => {
    expect(placesFor("INSPECTOR").map((place) => place.href)).toEqual(["/inspect"]);
  });

  it("gives managers the automation page and the dashboard, not review", () => {
    expect(placesFor("MANAGER").map((place) => place.href)).toEqual(["/dashboard", "/drift", "/automation"]);
  });

  it("recognises only the four roles", () => {
    expect(isRole("ADMIN")).toBe(true);
    expect(isRole("admin")).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });

  it("refuses an unknown place", () => {
    expect(() => placeFor("/nowhere")).toThrow(/No place/);
  });
});
