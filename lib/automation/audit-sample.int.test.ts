import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { judgedUnitsInBulk, modelVersion } from "../../test/support/evidence-factory.ts";
import { createStation } from "../stations/index.ts";
import { auditSample } from "./audit-sample.ts";

const { prisma } = await useTestDatabase();
const ids = { station: "", model: "", inspector: "" };
const day = (d: number) => new Date(Date.UTC(2026, 10, d, 10));

beforeAll(async () => {
  ids.station = (await createStation(prisma, { slug: "audit-line", name: "Audit line" })).id;
  ids.model = (await modelVersion(prisma, "m-audit")).id;
  ids.inspector = (await createAccount(prisma, { email: "i@t.local", name: "Ida", role: "INSPECTOR", password: "a long password" })).id;
  const units = (level: "SHADOW" | "PARTIAL", d: number, human: string, model: string, defectScore: number, count: number) =>
    judgedUnitsInBulk(prisma, {
      stationId: ids.station,
      modelVersionId: ids.model,
      inspectorId: ids.inspector,
      level,
      decidedAt: day(d),
      human,
      model,
      defectScore,
      count,
    });
  // Shadow, day 1: the yardstick is the units the model was sure of (the 20 unsure ones are not).
  await units("SHADOW", 1, "ok", "ok", 0.02, 40);
  await units("SHADOW", 1, "scratch", "scratch", 0.97, 8);
  await units("SHADOW", 1, "scratch", "ok", 0.03, 2);
  await units("SHADOW", 1, "ok", "ok", 0.5, 20);
  // Partial, day 2: people judged the unsure units (not audits) and the audit draw of the sure ones.
  await units("PARTIAL", 2, "ok", "ok", 0.02, 20);
  await units("PARTIAL", 2, "scratch", "scratch", 0.98, 4);
  await units("PARTIAL", 2, "scratch", "ok", 0.01, 1);
  await units("PARTIAL", 2, "scratch", "ok", 0.4, 30);
  // Partial, day 3: two good units the model would have rejected.
  await units("PARTIAL", 3, "ok", "ok", 0.02, 10);
  await units("PARTIAL", 3, "ok", "scratch", 0.97, 2);
});

describe("the audit sample", () => {
  it("counts only the units the model decided alone that the audit sent to a person, per day, over the week and in all, beside shadow mode", async () => {
    const sample = await auditSample(prisma, {
      stationId: ids.station,
      modelVersionId: ids.model,
      since: day(1),
      okThreshold: 0.05,
      defectThreshold: 0.95,
      now: day(4),
    });
    expect(sample.days.map((d) => [d.day, d.units, d.agreement.successes, d.recall.successes, d.recall.n, d.falseRejects.successes, d.falseRejects.n])).toEqual(
      [
        ["2026-11-02", 25, 24, 4, 5, 0, 20],
        ["2026-11-03", 12, 10, 0, 0, 2, 12],
      ],
    );
    expect(sample.total.units).toBe(37);
    expect(sample.total.agreement.rate).toBeCloseTo(34 / 37, 10);
    expect(sample.rolling.units).toBe(37);
    // Shadow mode on the same kind of units: 50 of them, 8 of 10 defects caught, no false reject.
    expect([
      sample.shadow.units,
      sample.shadow.recall.successes,
      sample.shadow.recall.n,
      sample.shadow.falseRejects.successes,
      sample.shadow.falseRejects.n,
    ]).toEqual([50, 8, 10, 0, 40]);
    // Each rate has its 95% interval around it.
    expect(sample.total.falseRejects.low).toBeLessThan(sample.total.falseRejects.rate!);
    expect(sample.total.falseRejects.high).toBeGreaterThan(sample.total.falseRejects.rate!);
  });

  it("rolls over the last week only, and counts nothing from before `since`", async () => {
    const later = await auditSample(prisma, {
      stationId: ids.station,
      modelVersionId: ids.model,
      since: day(3),
      okThreshold: 0.05,
      defectThreshold: 0.95,
      now: day(11),
    });
    expect(later.days.map((d) => d.day)).toEqual(["2026-11-03"]);
    expect(later.total.units).toBe(12);
    // Day 3 is eight days before day 11: outside the rolling week.
    expect(later.rolling.units).toBe(0);
    expect(later.rolling.agreement.rate).toBeNull();
  });
});
