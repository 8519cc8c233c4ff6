import { describe, expect, it } from "vitest";
import { describeConnectionError } from "./config-error.ts";

const url = "postgresql://app:secret@db.example:6543/understudy";

describe("describeConnectionError", () => {
  it("names the server and says nothing listens there", () => {
    expect(describeConnectionError(url, { code: "ECONNREFUSED" })).toBe(
      "Cannot reach PostgreSQL at db.example:6543/understudy: nothing is listening there. Start the server or fix DATABASE_URL.",
    );
  });

  it("explains an unknown host, a wrong password and a missing database", () => {
    expect(describeConnectionError(url, { code: "ENOTFOUND" })).toMatch(/host name does not resolve/);
    expect(describeConnectionError(url, { code: "28P01" })).toMatch(/user name or password in DATABASE_URL is wrong/);
    expect(describeConnectionError(url, { code: "3D000" })).toMatch(/database does not exist/);
  });

  it("never prints the password", () => {
    expect(describeConnectionError(url, { code: "ECONNREFUSED" })).not.toContain("secret");
  });

  it("uses the default port when the URL has none", () => {
    expect(describeConnectionError("postgresql://h/db", { code: "ETIMEDOUT" })).toContain("PostgreSQL at h:5432/db");
  });

  it("says when DATABASE_URL is not a URL at all", () => {
    expect(describeConnectionError("not a url", new Error("x"))).toContain("DATABASE_URL is not a valid URL");
  });
});
