import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LocalDiskStore } from "../captures/index.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { DEMO_STATIONS, demoLevel, seedHistory } from "../demo/index.ts";
import { demoModelOrder, shippedModels } from "../model/index.ts";
import { createStation } from "../stations/index.ts";
import { CONCEPT_LOOKBACK_PREDICTIONS, CONCEPT_REFERENCE_UNITS, checkDrift } from "./monitor.ts";

// A drift run far behind checks many windows at once, and reads their
// concept references (the latest CONCEPT_REFERENCE_UNITS compared units
// among the CONCEPT_LOOKBACK_PREDICTIONS predictions before each window) in
// one walk back rather than one per window. Each stored check must still
// hold exactly the reference the definition gives.

const { prisma } = await useTestDatabase();
const store = new LocalDiskStore(fs.mkdtempSync(path.join(os.tmpdir(), "understudy-concept-")));

describe("the concept reference of a run far behind", () => {
  it("is, for every window, the latest compared units before it, as one query per window would read them", async () => {
    for (const station of DEMO_STATIONS) {
      const { id } = await createStation(prisma, station);
      await prisma.stationAutomation.update({ where: { stationId: id }, data: { level: demoLevel(station.slug) } });
    }
    await seedHistory(prisma, { units: 120_000, days: 10, model: demoModelOrder(shippedModels())[0]!, store, now: new Date("2026-11-20T12:00:00Z") });
    // The station with the most compared units of its active model: past the reference's cap.
    const [busiest] = await prisma.$queryRaw<{ station_id: string; model_version_id: string; units: bigint }[]>`
      SELECT c.station_id, c.model_version_id, count(*) AS units FROM comparisons c
        JOIN station_automation a ON a.station_id = c.station_id AND a.active_model_id = c.model_version_id
       WHERE c.model_role = 'ACTIVE' AND c.level <> 'FULL' GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1`;
    const { station_id: stationId, model_version_id: modelVersionId } = busiest!;
    expect(Number(busiest!.units)).toBeGreaterThan(CONCEPT_REFERENCE_UNITS + 1000);

    expect((await checkDrift(prisma, stationId, { maxWindows: 30 })).windows).toBe(30);
    const checks = await prisma.driftCheck.findMany({ where: { stationId, kind: "concept" }, orderBy: [{ unitsSeen: "asc" }, { feature: "asc" }] });
    const windows = [...new Set(checks.map((check) => check.unitsSeen))];
    expect(windows.length).toBe(30);
    for (const unitsSeen of windows) {
      // The window's first prediction, and the reference the definition gives: one query, as the monitor read it before.
      const [first] = await prisma.$queryRaw<{ created_at: Date }[]>`
        SELECT created_at FROM predictions WHERE station_id = ${stationId}::uuid AND model_version_id = ${modelVersionId}::uuid
         ORDER BY created_at, id OFFSET ${unitsSeen - 200} LIMIT 1`;
      const reference = await prisma.$queryRaw<{ human_label: string; units: bigint; hits: bigint }[]>`
        SELECT human_label, count(*) AS units, count(*) FILTER (WHERE model_label = human_label) AS hits FROM (
          SELECT c.human_label, c.model_label
            FROM (SELECT id, created_at FROM predictions
                   WHERE station_id = ${stationId}::uuid AND model_version_id = ${modelVersionId}::uuid AND created_at < ${first!.created_at}
                   ORDER BY created_at DESC, id DESC LIMIT ${CONCEPT_LOOKBACK_PREDICTIONS}::int) p
            JOIN comparisons c ON c.prediction_id = p.id
           WHERE c.model_role = 'ACTIVE' AND c.level <> 'FULL'
           ORDER BY p.created_at DESC, p.id DESC LIMIT ${CONCEPT_REFERENCE_UNITS}::int) c
         GROUP BY human_label`;
      const total = reference.reduce((sum, r) => sum + Number(r.units), 0);
      const agree = reference.reduce((sum, r) => sum + Number(r.hits), 0);
      const expected = new Map([["agreement", { referenceUnits: total, referenceRate: agree / total }]]);
      for (const r of reference) expected.set(`recall:${r.human_label}`, { referenceUnits: Number(r.units), referenceRate: Number(r.hits) / Number(r.units) });
      for (const check of checks.filter((c) => c.unitsSeen === unitsSeen)) {
        const detail = check.detail as { referenceUnits: number; referenceRate: number };
        expect({ window: unitsSeen, feature: check.feature, referenceUnits: detail.referenceUnits, referenceRate: detail.referenceRate }).toEqual({
          window: unitsSeen,
          feature: check.feature,
          ...expected.get(check.feature),
        });
      }
    }
    // The earliest windows' references reach back past the latest one's: the cap holds on each.
    expect(Math.max(...checks.filter((c) => c.feature === "agreement").map((c) => (c.detail as { referenceUnits: number }).referenceUnits))).toBe(
      CONCEPT_REFERENCE_UNITS,
    );
  }, 240_000);
});
