import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/support/test-database.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { createStation } from "../stations/index.ts";
import { demoteStation } from "./ladder.ts";

const { prisma } = await useTestDatabase();

async function stationAt(slug: string, level: AutomationLevel, canaryFromLevel: AutomationLevel | null = null) {
  const { id } = await createStation(prisma, { slug, name: slug });
  await prisma.stationAutomation.update({ where: { stationId: id }, data: { level, canaryFromLevel, canaryShare: canaryFromLevel ? 0.1 : 1 } });
  return id;
}

const system = { kind: "SYSTEM", id: null } as const;

describe("demoteStation", () => {
  it("moves one level down, ends the era and opens the next", async () => {
    const id = await stationAt("full-line", "FULL");
    expect(await demoteStation(prisma, "full-line", system, "drift alert on brightness")).toEqual({ ok: true, stationId: id, from: "FULL", to: "PARTIAL" });
    expect(await prisma.stationAutomation.findUnique({ where: { stationId: id }, select: { level: true } })).toEqual({ level: "PARTIAL" });
    const eras = await prisma.automationEra.findMany({ where: { stationId: id }, orderBy: { startedAt: "asc" } });
    expect(eras.map((era) => [era.level, era.endedAt === null])).toEqual([
      ["HUMAN_ONLY", false],
      ["PARTIAL", true],
    ]);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { stationId: id } });
    expect(event).toMatchObject({ actorKind: "SYSTEM", actorId: null, fromLevel: "FULL", toLevel: "PARTIAL", reason: "drift alert on brightness" });
  });

  it("rolls a canary back to the level it started from", async () => {
    const id = await stationAt("canary-line", "PARTIAL", "SHADOW");
    expect(await demoteStation(prisma, "canary-line", system, "gate broke")).toMatchObject({ from: "PARTIAL", to: "SHADOW" });
    expect(await prisma.stationAutomation.findUnique({ where: { stationId: id }, select: { level: true, canaryFromLevel: true, canaryShare: true } })).toEqual({
      level: "SHADOW",
      canaryFromLevel: null,
      canaryShare: 1,
    });
  });

  it("refuses below humans only, and unknown stations, changing nothing", async () => {
    await stationAt("manual-line", "HUMAN_ONLY");
    const before = await prisma.auditEvent.count();
    expect(await demoteStation(prisma, "manual-line", system, "x")).toMatchObject({ ok: false, kind: "conflict", reason: "already-lowest" });
    expect(await demoteStation(prisma, "no-such-line", system, "x")).toMatchObject({ ok: false, kind: "not-found", reason: "unknown-station" });
    expect(await prisma.auditEvent.count()).toBe(before);
  });

  it("applies concurrent demotions one after the other", async () => {
    const id = await stationAt("busy-line", "FULL");
    const results = await Promise.all([1, 2, 3].map(() => demoteStation(prisma, "busy-line", system, "race")));
    expect(results.map((r) => (r.ok ? `${r.from}->${r.to}` : r.reason)).sort()).toEqual(["AI_ASSIST->SHADOW", "FULL->PARTIAL", "PARTIAL->AI_ASSIST"]);
    expect(await prisma.stationAutomation.findUnique({ where: { stationId: id }, select: { level: true } })).toEqual({ level: "SHADOW" });
  });
});
