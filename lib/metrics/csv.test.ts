import { describe, expect, it } from "vitest";
import { toCsv } from "./csv.ts";

describe("toCsv", () => {
  it("writes a header and rows, quoting what needs it", () => {
    expect(toCsv(["name", "rate"], [["Line 1, back", 0.5], ['say "hi"', null]])).toBe('name,rate\r\n"Line 1, back",0.5\r\n"say ""hi""",\r\n');
  });

  it("defuses text a spreadsheet would run as a formula, but not negative numbers", () => {
    expect(toCsv(["a", "b"], [["=HYPERLINK(1)", -0.25]])).toBe("a,b\r\n'=HYPERLINK(1),-0.25\r\n");
  });

  it("leaves non-finite numbers empty", () => {
    expect(toCsv(["x"], [[Number.NaN]])).toBe("x\r\n\r\n");
  });
});
