import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { adjudicate, disagreementsForReview } from "../review/index.ts";
import { createStation } from "../stations/index.ts";
import { evidenceDashboard } from "./dashboard.ts";
import { resolveEvidenceFilter, type EvidenceFilterParams } from "./evidence-filter.ts";
import { judgedUnit, modelVersion } from "../../test/support/evidence-factory.ts";

const { prisma } = await useTestDatabase();

const NOW = new Date("2026-11-10T12:00:00Z");
const DAY1 = new Date("2026-11-01T10:00:00Z");
const DAY2 = new Date("2026-11-02T10:00:00Z");
const LABELS = ["ok", "scratch", "crack", "dent"];
const ids: Record<string, string> = {};

const dashboard = async (params: EvidenceFilterParams = {}, thresholds: { okThreshold: number; defectThreshold: number } | null = null) =>
  evidenceDashboard(prisma, await resolveEvidenceFilter(prisma, params, NOW), LABELS, thresholds);

/**
 * The known history (hand-computed numbers below):
 *   unit  station  inspector day  human    model    P(defect) conf  brightness  ms
 *   u1    A        I1        1    ok       ok       0.01      0.99  0.3         1000  (+ candidate says scratch)
 *   u2    A        I1        1    ok       ok       0.02      0.98  0.3         1000
 *   u3    A        I1        1    ok       scratch  0.97      0.90  0.3         2000
 *   u4    A        I1        1    scratch  scratch  0.96      0.85  0.6         1500
 *   u5    A        I2        2    crack    ok       0.03      0.97  0.1         3000
 *   u6    A        I2        2    crack    crack    0.99      0.95  0.3         1200
 *   u7    A        I2        2    ok       ok       0.50      0.50  0.3          800
 *   u8    A        I2        2    scratch  crack    0.90      0.60  0.3         2500
 *   u10   B        I1        1    ok       ok       0.01      0.99  0.3         1000
 * plus one unit on A decided by the model alone (no comparison).
 */
beforeAll(async () => {
  const a = await createStation(prisma, { slug: "a-line", name: "A line" });
  const b = await createStation(prisma, { slug: "b-line", name: "B line" });
  ids.a = a.id;
  const i1 = await createAccount(prisma, { email: "i1@t.local", name: "Ida One", role: "INSPECTOR", password: "password-123456" });
  const i2 = await createAccount(prisma, { email: "i2@t.local", name: "Ivo Two", role: "INSPECTOR", password: "password-123456" });
  const engineer = await createAccount(prisma, { email: "e@t.local", name: "Eve", role: "ENGINEER", password: "password-123456" });
  ids.i1 = i1.id;
  ids.i2 = i2.id;
  ids.engineer = engineer.id;
  const m1 = await modelVersion(prisma, "m1");
  const m2 = await modelVersion(prisma, "m2");
  ids.m1 = m1.id;
  ids.m2 = m2.id;
  await prisma.stationAutomation.updateMany({ where: { stationId: { in: [a.id, b.id] } }, data: { activeModelId: m1.id, candidateModelId: m2.id } });
  await prisma.automationEra.updateMany({ where: { stationId: a.id }, data: { endedAt: new Date("2026-11-02T00:00:00Z") } });
  ids.shadowEra = (await prisma.automationEra.create({ data: { stationId: a.id, level: "SHADOW", startedAt: new Date("2026-11-02T00:00:00Z") } })).id;
  const base = { modelVersionId: m1.id, brightness: 0.3 };
  const day1 = { ...base, stationId: a.id, inspectorId: i1.id, decidedAt: DAY1, level: "AI_ASSIST" as const };
  const day2 = { ...base, stationId: a.id, inspectorId: i2.id, decidedAt: DAY2, level: "SHADOW" as const };
  const units = {
    u1: await judgedUnit(prisma, {
      ...day1,
      human: "ok",
      model: "ok",
      defectScore: 0.01,
      confidence: 0.99,
      timeToDecideMs: 1000,
      candidate: { modelVersionId: m2.id, decision: "scratch" },
    }),
    u2: await judgedUnit(prisma, { ...day1, human: "ok", model: "ok", defectScore: 0.02, confidence: 0.98, timeToDecideMs: 1000, predictionFirst: true }),
    u3: await judgedUnit(prisma, { ...day1, human: "ok", model: "scratch", defectScore: 0.97, confidence: 0.9, timeToDecideMs: 2000 }),
    u4: await judgedUnit(prisma, {
      ...day1,
      human: "scratch",
      model: "scratch",
      defectScore: 0.96,
      confidence: 0.85,
      brightness: 0.6,
      timeToDecideMs: 1500,
      predictionFirst: true,
    }),
    u5: await judgedUnit(prisma, { ...day2, human: "crack", model: "ok", defectScore: 0.03, confidence: 0.97, brightness: 0.1, timeToDecideMs: 3000 }),
    u6: await judgedUnit(prisma, { ...day2, human: "crack", model: "crack", defectScore: 0.99, confidence: 0.95, timeToDecideMs: 1200, predictionFirst: true }),
    u7: await judgedUnit(prisma, { ...day2, human: "ok", model: "ok", defectScore: 0.5, confidence: 0.5, timeToDecideMs: 800 }),
    u8: await judgedUnit(prisma, { ...day2, human: "scratch", model: "crack", defectScore: 0.9, confidence: 0.6, timeToDecideMs: 2500 }),
    u10: await judgedUnit(prisma, { ...day1, stationId: b.id, human: "ok", model: "ok", defectScore: 0.01, confidence: 0.99, timeToDecideMs: 1000 }),
  };
  for (const [name, unit] of Object.entries(units)) ids[name] = unit.captureId;
  // A unit the model decided alone at PARTIAL: its MODEL verdict is not an inspector's answer.
  const modelOnly = await prisma.capture.create({
    data: { stationId: a.id, capturedAt: DAY2, storageKey: "t/x.png", contentHash: "x", mimeType: "image/png", width: 64, height: 64, decidedAt: DAY2 },
  });
  await prisma.prediction.create({
    data: {
      captureId: modelOnly.id,
      stationId: a.id,
      modelVersionId: m1.id,
      modelRole: "ACTIVE",
      level: "PARTIAL",
      scores: {},
      decision: "ok",
      confidence: 0.99,
      defectScore: 0.01,
      latencyMs: 5,
      backend: "cpu",
      brightness: 0.3,
      contrast: 0.1,
      sharpness: 0.05,
      meanRed: 0.3,
      meanGreen: 0.3,
      meanBlue: 0.3,
      idempotencyKey: "model-only-unit-p",
    },
  });
  await prisma.verdict.create({
    data: { captureId: modelOnly.id, stationId: a.id, source: "MODEL", label: "ok", level: "PARTIAL", decidedAt: DAY2, idempotencyKey: "model-only-unit-v" },
  });
});

describe("the dashboard's numbers on a known history", () => {
  it("counts compared units, agreement and kappa exactly", async () => {
    const d = await dashboard();
    expect(d.units).toBe(9);
    expect(d.agreement).toMatchObject({ successes: 6, n: 9 });
    // po = 6/9, pe = (5*5 + 2*2 + 2*2) / 81 = 33/81: kappa = 21/48.
    expect(d.kappa).toBeCloseTo(21 / 48, 12);
    // OK vs defect: po = 7/9, pe = (5*5 + 4*4) / 81 = 41/81: kappa = 22/40.
    expect(d.binaryAgreement).toMatchObject({ successes: 7, n: 9 });
    expect(d.binaryKappa).toBeCloseTo(22 / 40, 12);
    expect(d.confusion).toEqual({
      labels: LABELS,
      counts: [
        [4, 1, 0, 0],
        [0, 1, 1, 0],
        [1, 0, 1, 0],
        [0, 0, 0, 0],
      ],
    });
  });

  it("splits agreement by day and by slice, worst first", async () => {
    const d = await dashboard();
    expect(d.byDay.map((day) => [day.day, day.agreement.successes, day.agreement.n])).toEqual([
      ["2026-11-01", 4, 5],
      ["2026-11-02", 2, 4],
    ]);
    expect(d.slices.slice(0, 3).map((s) => [s.dimension, s.name, s.agreement.successes, s.agreement.n])).toEqual([
      ["lighting", "Dark (brightness < 0.2)", 0, 1],
      ["inspector", "Ivo Two", 2, 4],
      ["station", "A line", 5, 8],
    ]);
    const slice = (dimension: string, key: string) => d.slices.find((s) => s.dimension === dimension && s.key === key)?.agreement;
    expect(slice("lighting", "medium")).toMatchObject({ successes: 5, n: 7 });
    expect(slice("inspector", ids.i1!)).toMatchObject({ successes: 4, n: 5 });
    expect(slice("station", "b-line")).toMatchObject({ successes: 1, n: 1 });
  });

  it("bins confidence by agreement and replays the station's thresholds", async () => {
    const d = await dashboard({ station: "a-line" }, { okThreshold: 0.05, defectThreshold: 0.95 });
    // u1, u2, u5, u6 have confidence >= 0.95; u5 disagrees.
    expect(d.confidence[19]).toEqual({ low: 0.95, high: 1, agreements: 3, disagreements: 1 });
    expect(d.confidence[10]).toMatchObject({ agreements: 1, disagreements: 0 });
    // Decided alone: u1, u2, u5 (P <= 0.05) and u3, u4, u6 (P >= 0.95); u3 is a false reject, u5 an escape.
    expect(d.stationOperatingPoint).toMatchObject({ units: 8, escapedDefects: 1, falseRejects: 1 });
    expect(d.stationOperatingPoint!.decided).toMatchObject({ successes: 6, n: 8 });
    expect(d.stationOperatingPoint!.disagreement).toMatchObject({ successes: 2, n: 6 });
    expect(d.whatIf[0]!.decided).toMatchObject({ successes: 8, n: 8 });
  });

  it("reports time to decide per day from its histogram, within its 10% bins", async () => {
    const d = await dashboard();
    const [day1, day2] = d.timeToDecide;
    expect(day1).toMatchObject({ day: "2026-11-01", verdicts: 5 });
    expect(Math.abs(day1!.medianMs! - 1000) / 1000).toBeLessThan(0.1);
    expect(day2).toMatchObject({ day: "2026-11-02", verdicts: 4 });
  });

  it("changes with every filter", async () => {
    expect((await dashboard({ station: "a-line" })).agreement).toMatchObject({ successes: 5, n: 8 });
    expect((await dashboard({ inspector: ids.i2 })).agreement).toMatchObject({ successes: 2, n: 4 });
    expect((await dashboard({ lighting: "dark" })).agreement).toMatchObject({ successes: 0, n: 1 });
    expect((await dashboard({ from: "2026-11-02", to: "2026-11-02" })).units).toBe(4);
    expect((await dashboard({ era: ids.shadowEra })).units).toBe(4);
    // The candidate's own evidence: it said scratch on u1, which the inspector passed.
    expect((await dashboard({ model: "m2" })).agreement).toMatchObject({ successes: 0, n: 1 });
    expect((await dashboard({ station: "no-such-line" })).units).toBe(0);
  });

  it("scopes to each station's active model by default, never mixing in another model's history", async () => {
    // A switches to m2: by default A now shows m2's evidence only (its one prediction, on u1); B still shows m1's.
    await prisma.stationAutomation.update({ where: { stationId: ids.a }, data: { activeModelId: ids.m2 } });
    try {
      expect((await dashboard({ station: "a-line" })).units).toBe(1);
      expect((await dashboard({ station: "b-line" })).units).toBe(1);
      expect((await dashboard({})).units).toBe(2);
      expect((await dashboard({ station: "a-line", model: "m1" })).units).toBe(8);
    } finally {
      await prisma.stationAutomation.update({ where: { stationId: ids.a }, data: { activeModelId: ids.m1 } });
    }
  });
});

describe("review and adjudication", () => {
  it("lists disagreements, the model's most confident first", async () => {
    const page = await disagreementsForReview(prisma);
    expect(page.total).toBe(3);
    expect(page.items.map((item) => item.captureId)).toEqual([ids.u5, ids.u3, ids.u8]);
    expect(page.items[0]).toMatchObject({ humanLabel: "crack", modelLabel: "ok", labels: LABELS, truth: null });
  });

  it("refuses a unit that does not exist and a truth outside the station's labels, changing nothing", async () => {
    expect(await adjudicate(prisma, ids.engineer!, { captureId: "00000000-0000-4000-8000-000000000000", truth: "ok", note: "" })).toMatchObject({
      ok: false,
      kind: "not-found",
    });
    expect(await adjudicate(prisma, ids.engineer!, { captureId: ids.u3!, truth: "smudge", note: "" })).toMatchObject({ ok: false, kind: "invalid" });
    expect(await prisma.adjudication.count()).toBe(0);
  });

  it("turns adjudications into error rates for the model and for inspectors", async () => {
    expect((await dashboard()).adjudicated.units).toBe(0);
    await adjudicate(prisma, ids.engineer!, { captureId: ids.u3!, truth: "ok", note: "glare, not a scratch" }); // model wrong
    await adjudicate(prisma, ids.engineer!, { captureId: ids.u5!, truth: "crack", note: "" });
    await adjudicate(prisma, ids.engineer!, { captureId: ids.u5!, truth: "ok", note: "second look: clean" }); // inspector wrong; replaces the first
    await adjudicate(prisma, ids.engineer!, { captureId: ids.u8!, truth: "crack", note: "" }); // inspector wrong
    const d = await dashboard();
    expect(d.adjudicated.units).toBe(3);
    expect(d.adjudicated.modelErrors).toMatchObject({ successes: 1, n: 3 });
    expect(d.adjudicated.humanErrors).toMatchObject({ successes: 2, n: 3 });
    // Against the truth, the model's crack answers are all right now: u6 and u8.
    const crack = d.classScores.find((c) => c.label === "crack")!;
    expect(crack.precision).toMatchObject({ successes: 2, n: 2 });
    const page = await disagreementsForReview(prisma);
    expect(page.unsettled).toBe(0);
    // Settled units can be found again, apart from the open ones.
    expect((await disagreementsForReview(prisma, { settled: "settled" })).items.map((item) => item.captureId).sort()).toEqual([ids.u3, ids.u5, ids.u8].sort());
    expect((await disagreementsForReview(prisma, { settled: "open" })).items).toEqual([]);
    expect(page.items.find((item) => item.captureId === ids.u5)).toMatchObject({ truth: "ok", note: "second look: clean" });
  });
});

describe("the rollups", () => {
  it("always equal a fresh count of the comparisons, through corrections and deletions", async () => {
    const fresh = async () => {
      const [row] = await prisma.$queryRaw<{ comparisons: bigint; daily: bigint; scores: bigint; times: bigint; truths: bigint; settled: bigint }[]>`
        SELECT (SELECT count(*) FROM comparisons) AS comparisons,
               (SELECT COALESCE(sum(units), 0) FROM evidence_daily) AS daily,
               (SELECT COALESCE(sum(units), 0) FROM evidence_scores_daily) AS scores,
               (SELECT COALESCE(sum(units), 0) FROM evidence_decision_times_daily) AS times,
               (SELECT COALESCE(sum(units), 0) FROM evidence_daily WHERE truth <> '') AS truths,
               (SELECT count(*) FROM comparisons WHERE truth IS NOT NULL) AS settled`;
      return row!;
    };
    let counts = await fresh();
    expect(counts).toEqual({ comparisons: 10n, daily: 10n, scores: 10n, times: 10n, truths: 3n, settled: 3n });
    // A corrected verdict moves its unit between cells.
    await prisma.verdict.updateMany({ where: { captureId: ids.u7 }, data: { label: "dent" } });
    const [moved] = await prisma.$queryRaw<{ units: bigint }[]>`SELECT COALESCE(sum(units), 0) AS units FROM evidence_daily WHERE human_label = 'dent'`;
    expect(moved!.units).toBe(1n);
    // Deleting a unit takes its evidence away everywhere.
    await prisma.capture.delete({ where: { id: ids.u10 } });
    counts = await fresh();
    expect(counts).toEqual({ comparisons: 9n, daily: 9n, scores: 9n, times: 9n, truths: 3n, settled: 3n });
  });
});
