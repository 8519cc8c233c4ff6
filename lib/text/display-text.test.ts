import { describe, expect, it } from "vitest";
import { displayText, displayTextProblem } from "./display-text.ts";

describe("displayText", () => {
  const name = displayText(1, 20);

  it("stores names in NFC, trimmed", () => {
    // "é" as e + combining acute becomes the one code point.
    expect(name.parse("  Rene\u0301  ")).toBe("René");
    expect(name.parse("René")).toBe("Ren\u00e9");
  });

  it.each([
    ["a right-to-left override", "Line\u202E1"],
    ["a bidi isolate", "Line\u20671"],
    ["a zero-width space", "Li\u200Bne"],
    ["a zero-width joiner", "Li\u200Dne"],
    ["a byte-order mark inside", "Li\uFEFFne"],
    ["a newline", "Line\n1"],
    ["a NUL", "Line\u00001"],
  ])("refuses %s", (_what, text) => {
    expect(name.safeParse(text).success).toBe(false);
    expect(displayTextProblem(text)).not.toBeNull();
  });

  it("keeps ordinary text in any script, and its length limit", () => {
    expect(name.parse("Линия 1 · Экран")).toBe("Линия 1 · Экран");
    expect(name.parse("ライン 1")).toBe("ライン 1");
    expect(name.safeParse("x".repeat(21)).success).toBe(false);
    expect(name.safeParse("   ").success).toBe(false);
  });
});
