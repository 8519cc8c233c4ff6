import { describe, expect, it } from "vitest";
import { parseCsv, toCsv } from "./csv.ts";

describe("toCsv", () => {
  it("writes a header and rows, quoting what needs it", () => {
    expect(
      toCsv(
        ["name", "rate"],
        [
          ["Line 1, back", 0.5],
          ['say "hi"', null],
        ],
      ),
    ).toBe('name,rate\r\n"Line 1, back",0.5\r\n"say ""hi""",\r\n');
  });

  it("defuses text a spreadsheet would run as a formula, but not negative numbers", () => {
    expect(toCsv(["a", "b"], [["=HYPERLINK(1)", -0.25]])).toBe("a,b\r\n'=HYPERLINK(1),-0.25\r\n");
  });

  it("leaves non-finite numbers empty", () => {
    expect(toCsv(["x"], [[Number.NaN]])).toBe("x\r\n\r\n");
  });
});

describe("parseCsv", () => {
  it("reads quoted cells with commas, quotes and line breaks, and numbers records by the line they start on", () => {
    const { records, error } = parseCsv('\uFEFFunit,note\r\na,"one, two"\n\nb,"say ""hi""\nagain"\nc,last');
    expect(error).toBeNull();
    expect(records).toEqual([
      { line: 1, cells: ["unit", "note"] },
      { line: 2, cells: ["a", "one, two"] },
      { line: 4, cells: ["b", 'say "hi"\nagain'] },
      { line: 6, cells: ["c", "last"] },
    ]);
  });

  it("reads what toCsv writes back to the same cells", () => {
    const rows = [
      ["x", "y, z"],
      ['"q"', ""],
    ];
    expect(parseCsv(toCsv(["a", "b"], rows)).records.map((r) => r.cells)).toEqual([["a", "b"], ...rows]);
  });

  it("says where a quote is left open", () => {
    expect(parseCsv('a,b\n1,"open\n2,3').error).toEqual({ line: 2, message: "a quoted cell is never closed" });
  });
});
