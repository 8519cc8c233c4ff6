import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { useAppDatabase } from "../../test/support/test-database.ts";
import { createStation } from "../stations/index.ts";
import { automationBiasByInspector } from "./automation-bias.ts";
import { judgedUnitsInBulk, modelVersion } from "../../test/support/evidence-factory.ts";

// The automation-bias panel reads whole days from automation_bias_daily and
// the part-days at the ends of its range from comparisons: the figures must
// be the same as counting every unit, wherever the range starts and ends,
// and must follow a corrected verdict and a deleted unit.

const { prisma } = await useAppDatabase();
let stationId = "";
let modelVersionId = "";
let ines = "";

const at = (iso: string) => new Date(iso);
const counts = async (from: string, to: string) => {
  const { total, inspectors } = await automationBiasByInspector(prisma, { stationId, from: at(from), to: at(to) });
  const plain = (row: typeof total) => ({
    inspector: row.inspector,
    assisted: [row.assisted.successes, row.assisted.n],
    blind: [row.blind.successes, row.blind.n],
    revised: row.revised,
    toward: row.revisedTowardSuggestion,
  });
  // The order is the database's collation's (C or a language's): compared here in one order.
  return { total: plain(total), inspectors: inspectors.map(plain).sort((a, b) => (a.inspector < b.inspector ? -1 : 1)) };
};

beforeAll(async () => {
  stationId = (await createStation(prisma, { slug: "bias-line", name: "Bias line" })).id;
  modelVersionId = (await modelVersion(prisma, "v1")).id;
  ines = (await createAccount(prisma, { email: "ines@bias.local", name: "Ines", role: "INSPECTOR", password: "a long password" })).id;
  const base = { stationId, modelVersionId, inspectorId: ines, level: "AI_ASSIST" as const, defectScore: 0.9 };
  // 1 December, 06:00: 4 assisted (3 agree, 2 of those taken back toward the model), 2 blind (1 agrees).
  const day1 = { ...base, decidedAt: at("2026-12-01T06:00:00Z") };
  await judgedUnitsInBulk(prisma, { ...day1, suggestionShown: true, human: "dent", model: "dent", revisedFrom: "ok", count: 2 });
  await judgedUnitsInBulk(prisma, { ...day1, suggestionShown: true, human: "dent", model: "dent", count: 1 });
  await judgedUnitsInBulk(prisma, { ...day1, suggestionShown: true, human: "ok", model: "dent", revisedFrom: "dent", count: 1 });
  await judgedUnitsInBulk(prisma, { ...day1, suggestionShown: false, human: "dent", model: "dent", count: 1 });
  await judgedUnitsInBulk(prisma, { ...day1, suggestionShown: false, human: "ok", model: "dent", count: 1 });
  // 2 December, 18:00: 2 assisted, both agree; and an import's verdict (no inspector), blind, agreeing.
  const day2 = { ...base, decidedAt: at("2026-12-02T18:00:00Z") };
  await judgedUnitsInBulk(prisma, { ...day2, suggestionShown: true, human: "dent", model: "dent", count: 2 });
  await judgedUnitsInBulk(prisma, { ...day2, inspectorId: null, suggestionShown: false, human: "dent", model: "dent", count: 1 });
  // Shadow mode is not AI assistance: never counted here.
  await judgedUnitsInBulk(prisma, { ...day2, level: "SHADOW", suggestionShown: false, human: "dent", model: "dent", count: 5 });
});

describe("automation bias by inspector", () => {
  it("counts the same from whole days, part-days and a range inside one day", async () => {
    const ines1 = { inspector: "Ines", assisted: [3, 4], blind: [1, 2], revised: 3, toward: 2 };
    // Whole days only (the dashboard's ranges).
    expect(await counts("2026-12-01T00:00:00Z", "2026-12-03T00:00:00Z")).toEqual({
      total: { inspector: "Every inspector", assisted: [5, 6], blind: [2, 3], revised: 3, toward: 2 },
      inspectors: [
        { ...ines1, assisted: [5, 6] },
        { inspector: "import", assisted: [0, 0], blind: [1, 1], revised: 0, toward: 0 },
      ],
    });
    // Part-days at both ends: from 05:00 on the first day to 19:00 on the second, and to 12:00 (before day 2's units).
    expect((await counts("2026-12-01T05:00:00Z", "2026-12-02T19:00:00Z")).total).toMatchObject({ assisted: [5, 6], blind: [2, 3] });
    expect(await counts("2026-12-01T05:00:00Z", "2026-12-02T12:00:00Z")).toEqual({
      total: { ...ines1, inspector: "Every inspector" },
      inspectors: [ines1],
    });
    // Inside one day, before and around its units.
    expect((await counts("2026-12-01T01:00:00Z", "2026-12-01T05:00:00Z")).inspectors).toEqual([]);
    expect((await counts("2026-12-01T05:59:00Z", "2026-12-01T06:01:00Z")).total).toMatchObject({ assisted: [3, 4], blind: [1, 2] });
  });

  it("follows a corrected verdict and a deleted unit", async () => {
    const before = await counts("2026-12-02T00:00:00Z", "2026-12-03T00:00:00Z");
    expect(before.total).toMatchObject({ assisted: [2, 2] });
    const unit = await prisma.comparison.findFirstOrThrow({
      where: { stationId, level: "AI_ASSIST", suggestionShown: true, decidedAt: at("2026-12-02T18:00:00Z") },
    });
    await prisma.verdict.update({ where: { id: unit.verdictId }, data: { label: "ok" } });
    expect((await counts("2026-12-02T00:00:00Z", "2026-12-03T00:00:00Z")).total).toMatchObject({ assisted: [1, 2] });
    await prisma.capture.delete({ where: { id: unit.captureId } });
    expect((await counts("2026-12-02T00:00:00Z", "2026-12-03T00:00:00Z")).total).toMatchObject({ assisted: [1, 1] });
    const [rolled] = await prisma.$queryRaw<{ rolled: bigint; compared: bigint }[]>`
      SELECT (SELECT COALESCE(sum(units), 0) FROM automation_bias_daily) AS rolled, (SELECT count(*) FROM comparisons WHERE level = 'AI_ASSIST') AS compared`;
    expect(rolled!.rolled).toBe(rolled!.compared);
  });
});
