import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LocalDiskStore } from "../captures/index.ts";
import { checkDrift } from "../drift/index.ts";
import { demoModelOrder, shippedModels } from "../model/index.ts";
import { DEMO_STATIONS, demoLevel } from "./seed-demo.ts";
import { HistoryError, seedHistory } from "./seed-history.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { createStation } from "../stations/index.ts";

const { prisma } = await useTestDatabase();
const store = new LocalDiskStore(fs.mkdtempSync(path.join(os.tmpdir(), "understudy-history-")));
const NOW = new Date("2026-11-20T12:00:00Z");
// As many per station as the demo seeds (36,000 over five): enough judged units for concept-drift windows at partial.
const UNITS = 36_000;

describe("seedHistory", () => {
  it("fills every station with judged and predicted units, their comparisons, rollups and eras", async () => {
    for (const station of DEMO_STATIONS) {
      const { id } = await createStation(prisma, station);
      await prisma.stationAutomation.update({ where: { stationId: id }, data: { level: demoLevel(station.slug) } });
    }
    const result = await seedHistory(prisma, { units: UNITS, days: 10, model: demoModelOrder(shippedModels())[0]!, store, now: NOW });
    expect(result.stations).toHaveLength(DEMO_STATIONS.length);
    const [counts] = await prisma.$queryRaw<
      {
        captures: bigint;
        verdicts: bigint;
        predictions: bigint;
        human: bigint;
        comparisons: bigint;
        rolled: bigint;
        independent: bigint;
        counted: bigint;
        replayable: bigint;
        pending: bigint;
        outside: bigint;
      }[]
    >`
      SELECT (SELECT count(*) FROM captures) AS captures, (SELECT count(*) FROM verdicts) AS verdicts,
             (SELECT count(*) FROM predictions) AS predictions, (SELECT count(*) FROM verdicts WHERE source = 'INSPECTOR') AS human,
             (SELECT count(*) FROM comparisons) AS comparisons, (SELECT sum(units) FROM evidence_daily) AS rolled,
             (SELECT count(*) FROM comparisons WHERE NOT suggestion_shown OR truth IS NOT NULL) AS independent, (SELECT sum(units) FROM evidence_counts) AS counted,
             (SELECT sum(units) FROM what_if_daily) AS replayable,
             (SELECT count(*) FROM captures WHERE decided_at IS NULL) AS pending,
             (SELECT count(*) FROM verdicts WHERE decided_at < ${new Date("2026-11-10T12:00:00Z")} OR decided_at > ${NOW}) AS outside`;
    expect(counts).toMatchObject({ captures: BigInt(UNITS), verdicts: BigInt(UNITS), predictions: BigInt(UNITS), pending: 0n, outside: 0n });
    // Every unit a person judged is compared with the model; the model's own decisions are not evidence.
    expect(counts!.comparisons).toBe(counts!.human);
    expect(counts!.rolled).toBe(counts!.human);
    // The gates' own counts hold every independent unit, bulk-loaded or not.
    expect(counts!.counted).toBe(counts!.independent);
    expect(counts!.replayable).toBe(counts!.independent);
    // Each photo in the store, once.
    const keys = await prisma.capture.findMany({ distinct: ["storageKey"], select: { storageKey: true } });
    for (const { storageKey } of keys) expect(await store.get(storageKey)).not.toBeNull();
    // The first station went SHADOW -> AI_ASSIST -> its current level; its open era reaches back into the history.
    const line = await prisma.station.findUniqueOrThrow({
      where: { slug: "line-1-back-glass" },
      include: { eras: { orderBy: { startedAt: "asc" } }, automation: true },
    });
    expect(line.eras.map((era) => era.level)).toEqual(["SHADOW", "AI_ASSIST", "SHADOW"]);
    expect(line.eras.at(-1)!.endedAt).toBeNull();
    expect(line.automation!.eraStartedAt.getTime()).toBe(line.eras.at(-1)!.startedAt.getTime());
    // The stations at AI assistance and partial automation climbed there, and the history runs at their level now.
    const eras = async (slug: string) =>
      (await prisma.automationEra.findMany({ where: { station: { slug } }, orderBy: { startedAt: "asc" } })).map((era) => era.level);
    expect(await eras("line-2-screen")).toEqual(["SHADOW", "AI_ASSIST"]);
    expect(await eras("line-4-back-glass")).toEqual(["SHADOW", "AI_ASSIST", "PARTIAL"]);
    // At partial the model decided the units it was sure of alone, and people the rest and a random audit share of them.
    const decided = await prisma.$queryRaw<{ slug: string; level: string; model: bigint; human: bigint; model_unsure: bigint; model_with_inspector: bigint }[]>`
      SELECT s.slug, v.level::text, count(*) FILTER (WHERE v.source = 'MODEL') AS model, count(*) FILTER (WHERE v.source = 'INSPECTOR') AS human,
             count(*) FILTER (WHERE v.source = 'MODEL' AND p.defect_score > a.ok_threshold AND p.defect_score < a.defect_threshold) AS model_unsure,
             count(*) FILTER (WHERE v.source = 'MODEL' AND v.inspector_id IS NOT NULL) AS model_with_inspector
        FROM verdicts v JOIN stations s ON s.id = v.station_id JOIN station_automation a ON a.station_id = s.id JOIN predictions p ON p.capture_id = v.capture_id
       GROUP BY s.slug, v.level ORDER BY s.slug, v.level`;
    for (const row of decided)
      expect({ slug: row.slug, level: row.level, model: row.model > 0n }).toEqual({ slug: row.slug, level: row.level, model: row.level === "PARTIAL" });
    const partial = decided.find((row) => row.level === "PARTIAL")!;
    expect(partial.slug).toBe("line-4-back-glass");
    expect(Number(partial.model) / Number(partial.model + partial.human)).toBeGreaterThan(0.3);
    expect(partial.human).toBeGreaterThan(0n);
    expect([partial.model_unsure, partial.model_with_inspector]).toEqual([0n, 0n]);
    // At partial, people judge the units the model is unsure of: their lower agreement is by design, not concept drift.
    const partialStation = await prisma.station.findUniqueOrThrow({ where: { slug: "line-4-back-glass" } });
    expect((await checkDrift(prisma, partialStation.id)).windows).toBeGreaterThan(5);
    // Nor does the label-free estimate of the units the model decided alone fall below the gate, or part from the audit.
    expect(
      await prisma.driftAlert.findMany({ where: { stationId: partialStation.id, kind: { in: ["concept", "performance"] } }, select: { feature: true } }),
    ).toEqual([]);
    expect(await prisma.driftCheck.count({ where: { stationId: partialStation.id, kind: "performance", feature: "estimated-recall" } })).toBeGreaterThan(5);
    expect(await prisma.scoreCalibration.count({ where: { stationId: partialStation.id } })).toBe(1);
    // Inspectors and model disagree about as often as the generator says: a few percent, not half.
    const [agreement] = await prisma.$queryRaw<{ rate: number }[]>`SELECT avg((human_label = model_label)::int)::float8 AS rate FROM comparisons`;
    expect(agreement!.rate).toBeGreaterThan(0.85);
    expect(agreement!.rate).toBeLessThan(0.99);
    // Each card of the active model's units shows where the model really looked: its heatmap of the unit's photo; the old model's has none.
    const [maps] = await prisma.$queryRaw<{ active: bigint; with_heatmap: bigint; old_with_heatmap: bigint; cells: number; distinct_maps: bigint }[]>`
      SELECT count(*) FILTER (WHERE m.version = ${demoModelOrder(shippedModels())[0]!.version}) AS active,
             count(*) FILTER (WHERE m.version = ${demoModelOrder(shippedModels())[0]!.version} AND p.heatmap IS NOT NULL) AS with_heatmap,
             count(*) FILTER (WHERE m.version = 'v0-history' AND p.heatmap IS NOT NULL) AS old_with_heatmap,
             max(jsonb_array_length(p.heatmap)) AS cells, count(DISTINCT p.heatmap) AS distinct_maps
        FROM predictions p JOIN model_versions m ON m.id = p.model_version_id`;
    expect(maps!.active).toBeGreaterThan(0n);
    expect(maps!.with_heatmap).toBe(maps!.active);
    expect(maps!.old_with_heatmap).toBe(0n);
    expect(maps!.cells).toBe(16 * 16);
    expect(maps!.distinct_maps).toBeGreaterThan(10n);
  });

  it("draws each input statistic on its own, so drift windows do not rank the units alike on all six", async () => {
    const [correlation] = await prisma.$queryRaw<{ brightness_contrast: number; brightness_sharpness: number; red_blue: number }[]>`
      SELECT corr(brightness, contrast) AS brightness_contrast, corr(brightness, sharpness) AS brightness_sharpness, corr(mean_red, mean_blue) AS red_blue FROM predictions`;
    for (const value of Object.values(correlation!)) expect(Math.abs(value)).toBeLessThan(0.5);
    const station = await prisma.station.findUniqueOrThrow({ where: { slug: "line-1-screen" }, include: { automation: true } });
    await prisma.stationAutomation.update({
      where: { stationId: station.id },
      data: { activeModelId: (await prisma.prediction.findFirstOrThrow({ where: { stationId: station.id }, orderBy: { createdAt: "desc" } })).modelVersionId },
    });
    expect((await checkDrift(prisma, station.id)).windows).toBeGreaterThan(5);
    // With one draw for all six, every window's six data checks had the same PSI.
    const alike = await prisma.$queryRaw<{ units_seen: number }[]>`
      SELECT units_seen FROM drift_checks WHERE station_id = ${station.id}::uuid AND kind = 'data' GROUP BY units_seen HAVING count(DISTINCT value) = 1`;
    expect(alike).toEqual([]);
  });

  it("refuses a database that already holds history", async () => {
    await expect(seedHistory(prisma, { units: 10, days: 1, model: demoModelOrder(shippedModels())[0]!, store, now: NOW })).rejects.toThrow(HistoryError);
    expect(await prisma.capture.count()).toBe(UNITS);
  });
});
