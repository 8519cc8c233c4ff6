import crypto from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { createStation } from "../stations/index.ts";
import { modelVersion } from "../../test/support/evidence-factory.ts";

const { prisma, url } = await useTestDatabase();

describe("comparisons", () => {
  it("pair a verdict and a prediction written at the same moment by two transactions", async () => {
    const station = await createStation(prisma, { slug: "race-line", name: "Race line" });
    const model = await modelVersion(prisma, "race-model");
    const capture = await prisma.capture.create({
      data: { stationId: station.id, capturedAt: new Date(), storageKey: "t/r.png", contentHash: "r", mimeType: "image/png", width: 64, height: 64 },
    });
    const judge = new pg.Client({ connectionString: url });
    const predict = new pg.Client({ connectionString: url });
    await Promise.all([judge.connect(), predict.connect()]);
    try {
      await judge.query("BEGIN");
      await judge.query(
        `INSERT INTO verdicts (id, capture_id, station_id, source, label, level, decided_at, idempotency_key) VALUES ($1, $2, $3, 'IMPORT', 'ok', 'SHADOW', now(), $4)`,
        [crypto.randomUUID(), capture.id, station.id, crypto.randomUUID()],
      );
      await predict.query("BEGIN");
      // Neither sees the other's uncommitted row; without the trigger's lock both would find nothing to pair.
      const predicting = predict.query(
        `INSERT INTO predictions (id, capture_id, model_version_id, station_id, model_role, level, scores, decision, confidence, defect_score, latency_ms, backend,
                                  brightness, contrast, sharpness, mean_red, mean_green, mean_blue, idempotency_key)
         VALUES ($1, $2, $3, $4, 'ACTIVE', 'SHADOW', '{}', 'ok', 0.9, 0.1, 5, 'cpu', 0.3, 0.1, 0.05, 0.3, 0.3, 0.3, $5)`,
        [crypto.randomUUID(), capture.id, model.id, station.id, crypto.randomUUID()],
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      await judge.query("COMMIT");
      await predicting;
      await predict.query("COMMIT");
    } finally {
      await Promise.all([judge.end(), predict.end()]);
    }
    expect(await prisma.comparison.count({ where: { captureId: capture.id } })).toBe(1);
    const [row] = await prisma.$queryRaw<{ units: bigint }[]>`SELECT sum(units) AS units FROM evidence_daily WHERE station_id = ${station.id}::uuid`;
    expect(row!.units).toBe(1n);
  });
});
