import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { LEVELS } from "./levels.ts";
import { modelDecides } from "./routing.ts";

const { prisma } = await useTestDatabase();

describe("who decides a unit, in TypeScript and in SQL", () => {
  it("is one rule: modelDecides() and the database's model_decides() agree everywhere, boundaries included", async () => {
    const cases = LEVELS.flatMap((level) =>
      [0, 0.02, 0.05, 0.05000001, 0.5, 0.94999, 0.95, 1].flatMap((score) =>
        [
          { okThreshold: 0.05, defectThreshold: 0.95 },
          { okThreshold: 0, defectThreshold: 1 },
          { okThreshold: 0.3, defectThreshold: 0.6 },
        ].map((thresholds) => ({ level, score, ...thresholds })),
      ),
    );
    const rows = await prisma.$queryRaw<{ decides: boolean }[]>`
      SELECT model_decides(c.level::"AutomationLevel", c.score, c.ok, c.defect) AS decides
        FROM unnest(${cases.map((c) => c.level)}::text[], ${cases.map((c) => c.score)}::float8[], ${cases.map((c) => c.okThreshold)}::float8[], ${cases.map((c) => c.defectThreshold)}::float8[])
             WITH ORDINALITY AS c(level, score, ok, defect, n)
       ORDER BY c.n`;
    expect(rows.map((r) => r.decides)).toEqual(cases.map((c) => modelDecides(c.level, c.score, c)));
    // The rule itself, at the boundaries.
    expect(modelDecides("PARTIAL", 0.05, { okThreshold: 0.05, defectThreshold: 0.95 })).toBe(true);
    expect(modelDecides("PARTIAL", 0.5, { okThreshold: 0.05, defectThreshold: 0.95 })).toBe(false);
    expect(modelDecides("FULL", 0.5, { okThreshold: 0.05, defectThreshold: 0.95 })).toBe(true);
    expect(modelDecides("AI_ASSIST", 0, { okThreshold: 0.05, defectThreshold: 0.95 })).toBe(false);
  });
});
