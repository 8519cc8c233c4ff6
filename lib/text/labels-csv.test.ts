import { describe, expect, it } from "vitest";
import { parseLabelsCsv } from "./labels-csv.ts";

describe("parseLabelsCsv", () => {
  it("reads ok and defect rows, with or without a defect type, after a header", () => {
    const { rows, problems } = parseLabelsCsv("file,label,defect_type\nunit-1.png,ok\nunit-2.jpg,defect,scratch\nunit 3.png,defect\n");
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { line: 2, file: "unit-1.png", label: "ok" },
      { line: 3, file: "unit-2.jpg", label: "scratch" },
      { line: 4, file: "unit 3.png", label: "defect" },
    ]);
  });

  it("reports each bad row by line and keeps the good ones", () => {
    const { rows, problems } = parseLabelsCsv("a.png,ok\n../etc/passwd,ok\nb.png,maybe\nc.png,ok,scratch\na.png,defect\nd.png\ne.png,defect,Scratch!\n");
    expect(rows.map((r) => r.file)).toEqual(["a.png"]);
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(problems[1]?.message).toBe('label must be ok (good, pass) or defect (ng, fail, bad), not "maybe"');
  });

  it("takes a line's own words, ignores extra columns, and reads a header's column order", () => {
    // Seen on a factory's file: a 4th column and `good` as the label skipped every row.
    const plain = parseLabelsCsv("p1.jpg,good,,operator 7\np2.jpg,NG,Oil,operator 7\np3.jpg,pass\np4.jpg,fail\n");
    expect(plain.problems).toEqual([]);
    expect(plain.rows.map((r) => r.label)).toEqual(["ok", "oil", "ok", "defect"]);
    const reordered = parseLabelsCsv("\uFEFFresult,image,notes,defect_type\nOK,a.png,fine,\nNG,b.png,edge,chip\n");
    expect(reordered.problems).toEqual([]);
    expect(reordered.rows).toEqual([
      { line: 2, file: "a.png", label: "ok" },
      { line: 3, file: "b.png", label: "chip" },
    ]);
  });
});
