import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { reviewStation } from "../automation/index.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { judgedUnitsInBulk, modelDecidedUnitsInBulk, modelVersion } from "../../test/support/evidence-factory.ts";
import { createStation } from "../stations/index.ts";
import { estimatePerformance } from "./calibration.ts";
import { refitCalibration, estimateSince, storedCalibration } from "./estimate.ts";
import { checkDrift } from "./monitor.ts";

const { prisma } = await useTestDatabase();
let inspector = "";
let engineer = "";

beforeAll(async () => {
  inspector = (await createAccount(prisma, { email: "i@t.local", name: "Ida", role: "INSPECTOR", password: "a long password" })).id;
  engineer = (await createAccount(prisma, { email: "e@t.local", name: "Eve", role: "ENGINEER", password: "a long password" })).id;
});

/**
 * A station whose model ran in shadow: 1 miss in 401 units scored 0.02, 2 in
 * 20 at 0.3, 1 false alarm in 81 at 0.97. Its own shadow predictions are the
 * drift baseline; then it runs at FULL.
 */
async function fullStation(slug: string) {
  const stationId = (await createStation(prisma, { slug, name: slug })).id;
  const modelVersionId = (await modelVersion(prisma, `m-${slug}`)).id;
  await prisma.stationAutomation.update({ where: { stationId }, data: { level: "SHADOW", activeModelId: modelVersionId } });
  const from = new Date(Date.now() - 60_000);
  const shadow = (human: string, model: string, defectScore: number, count: number) =>
    judgedUnitsInBulk(prisma, { stationId, modelVersionId, inspectorId: inspector, level: "SHADOW", decidedAt: new Date(), human, model, defectScore, count });
  // Interleaved, so that every window of the baseline holds the same mix.
  for (let batch = 0; batch < 20; batch++) {
    await shadow("ok", "ok", 0.02, 20);
    await shadow("ok", "scratch", 0.97, batch === 0 ? 1 : 0);
    await shadow("scratch", "ok", 0.02, batch === 0 ? 1 : 0);
    await shadow("scratch", "scratch", 0.97, 4);
    await shadow("ok", "ok", 0.3, batch < 18 ? 1 : 0);
    await shadow("scratch", "ok", 0.3, batch >= 18 ? 1 : 0);
  }
  await prisma.stationAutomation.update({
    where: { stationId },
    data: { level: "FULL", driftBaselineFrom: from, driftBaselineTo: new Date(Date.now() + 1000) },
  });
  await new Promise((resolve) => setTimeout(resolve, 1100));
  return { stationId, modelVersionId };
}

type Station = Awaited<ReturnType<typeof fullStation>>;

/** A batch of 25 units at FULL, in the shadow era's mix: the model decides them, and `audits` go to a person. */
async function fullBatch(station: Station, audits: { human: string; model: string; defectScore: number; count: number }[], mix = { low: 19, mid: 1, high: 4 }) {
  const decided = (model: string, defectScore: number, count: number) =>
    count > 0 ? modelDecidedUnitsInBulk(prisma, { ...station, level: "FULL", decidedAt: new Date(), model, defectScore, count }) : Promise.resolve([]);
  await decided("ok", 0.02, mix.low);
  await decided("ok", 0.3, mix.mid);
  await decided("scratch", 0.97, mix.high);
  for (const audit of audits) await judgedUnitsInBulk(prisma, { ...station, inspectorId: inspector, level: "FULL", decidedAt: new Date(), ...audit });
}

const performanceAlerts = (stationId: string) => prisma.driftAlert.findMany({ where: { stationId, kind: "performance" }, orderBy: { openedAt: "asc" } });

describe("the label-free estimate", () => {
  it("calibrates on the shadow era, estimates every unit the model decides, stays calm on normal data, and alerts when the audit contradicts it", async () => {
    const station = await fullStation("estimate-line");
    for (let batch = 0; batch < 24; batch++) {
      await fullBatch(station, [
        { human: "ok", model: "ok", defectScore: 0.02, count: 1 },
        { human: "scratch", model: "scratch", defectScore: 0.97, count: batch % 2 },
      ]);
    }
    const calm = await checkDrift(prisma, station.stationId);
    expect(calm.opened).toEqual([]);

    // Fitted once, by Understudy, on the 502 shadow units: three blocks, isotonic.
    const calibration = await storedCalibration(prisma, station.stationId, station.modelVersionId);
    expect(calibration).toMatchObject({ units: 502, defects: 83, classRight: 1, fittedById: null });
    expect(calibration?.rates).toEqual([1 / 401, 2 / 20, 80 / 81]);
    expect(calibration?.bounds.map((b) => Number(b.toFixed(6)))).toEqual([0.16, 0.635]);
    const fitted = await prisma.auditEvent.findMany({ where: { stationId: station.stationId, action: "CALIBRATION_FITTED" } });
    expect(fitted).toHaveLength(1);
    expect(fitted[0]).toMatchObject({ actorKind: "SYSTEM" });

    // Every window with units the model decided alone carries the four performance checks.
    const checks = await prisma.driftCheck.findMany({
      where: { stationId: station.stationId, kind: "performance" },
      select: { feature: true, exceeded: true },
    });
    expect(new Set(checks.map((c) => c.feature))).toEqual(new Set(["estimated-agreement", "estimated-recall", "estimated-false-rejects", "audit-vs-estimate"]));
    expect(checks.filter((c) => c.exceeded)).toEqual([]);

    // The page's estimate: every unit decided alone since the start, summed per block, equals the pure estimate of those units.
    const view = await estimateSince(prisma, { ...station, since: new Date(Date.now() - 3_600_000), okThreshold: 0.05, defectThreshold: 0.95, rollingDays: 7 });
    const expected = estimatePerformance(calibration!, [
      // 24 × 19 decided and 24 audited at 0.02, 24 at 0.3, 24 × 4 decided and 12 audited at 0.97.
      { rate: 1 / 401, decidedDefect: false, count: 24 * 20 },
      { rate: 2 / 20, decidedDefect: false, count: 24 },
      { rate: 80 / 81, decidedDefect: true, count: 24 * 4 + 12 },
    ]);
    expect(view.total?.units).toBe(612);
    expect(view.total?.agreement.rate).toBeCloseTo(expected.agreement.rate!, 12);
    expect(view.total?.recall.rate).toBeCloseTo(expected.recall.rate!, 12);
    expect(view.total?.falseRejects.rate).toBeCloseTo(expected.falseRejects.rate!, 12);
    expect(view.rolling?.units).toBe(612);
    expect(view.days).toHaveLength(1);

    // A new defect look the model passes as ok, at the same scores: no input drift, no change in the estimate, but the audit finds misses.
    for (let batch = 0; batch < 10; batch++) {
      await fullBatch(station, [
        { human: "scratch", model: "ok", defectScore: 0.02, count: 2 },
        { human: "ok", model: "ok", defectScore: 0.02, count: 1 },
      ]);
    }
    const changed = await checkDrift(prisma, station.stationId);
    expect(changed.opened).toEqual([{ kind: "performance", feature: "audit-vs-estimate" }]);
    const [alert] = await performanceAlerts(station.stationId);
    expect(alert).toMatchObject({ feature: "audit-vs-estimate", closedAt: null });
    const opened = await prisma.auditEvent.findFirstOrThrow({ where: { stationId: station.stationId, action: "DRIFT_ALERT_OPENED" } });
    expect(opened.reason).toMatch(/the audit found .* agreement on \d+ units where the label-free estimate expected .*calibration no longer holds/);

    // The alert acts as a drift alert does: the station leaves FULL.
    expect(await reviewStation(prisma, station.stationId)).toEqual({ action: "demoted", from: "FULL", to: "PARTIAL" });
  });

  it("alerts when the estimate itself falls below the level's gate", async () => {
    const station = await fullStation("uncertain-line");
    // The model now scores most units 0.3, where one in ten was a defect it passed.
    for (let batch = 0; batch < 16; batch++) await fullBatch(station, [], { low: 5, mid: 15, high: 5 });
    const outcome = await checkDrift(prisma, station.stationId);
    expect(outcome.opened).toContainEqual({ kind: "performance", feature: "estimated-recall" });
    const opened = await prisma.auditEvent.findMany({ where: { stationId: station.stationId, action: "DRIFT_ALERT_OPENED" } });
    expect(opened.map((e) => e.reason).join("\n")).toMatch(/estimated defect recall \d+\.\d% \(95% .* to .*\) below the gate's 97\.0%/);
  });

  it("is refitted by an engineer, in the trail; refused to others and without enough shadow units", async () => {
    const station = await fullStation("refit-line");
    expect(await refitCalibration(prisma, "refit-line", { id: inspector, role: "INSPECTOR" }, "more settled units")).toMatchObject({
      ok: false,
      kind: "forbidden",
    });
    expect(await storedCalibration(prisma, station.stationId, station.modelVersionId)).toBeNull();
    const refit = await refitCalibration(prisma, "refit-line", { id: engineer, role: "ENGINEER" }, "adjudications settled");
    expect(refit).toMatchObject({ ok: true, calibration: { units: 502, fittedById: engineer } });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { stationId: station.stationId, action: "CALIBRATION_FITTED" } });
    expect(event).toMatchObject({ actorKind: "USER", actorId: engineer, reason: "adjudications settled" });

    const bare = (await createStation(prisma, { slug: "bare-line", name: "Bare" })).id;
    const model = (await modelVersion(prisma, "m-bare")).id;
    await prisma.stationAutomation.update({ where: { stationId: bare }, data: { level: "SHADOW", activeModelId: model } });
    await judgedUnitsInBulk(prisma, {
      stationId: bare,
      modelVersionId: model,
      inspectorId: inspector,
      level: "SHADOW",
      decidedAt: new Date(),
      human: "ok",
      model: "ok",
      defectScore: 0.02,
      count: 250,
    });
    const refused = await refitCalibration(prisma, "bare-line", { id: engineer, role: "ENGINEER" }, "try");
    expect(refused).toMatchObject({ ok: false, kind: "invalid", reason: "too-few-shadow-units" });
    expect(await prisma.scoreCalibration.count({ where: { stationId: bare } })).toBe(0);
  });
});
