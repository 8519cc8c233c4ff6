import { describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client.ts";
import { createStation } from "../stations/index.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { calibrationFor, shadowPointsQuery } from "./estimate.ts";

// Until a model's calibration is stored at a station, every drift run tries
// to fit one on the model's shadow era there. Where that era is too small (or
// the model never ran in shadow there), nothing is stored and the next run
// reads it again: that read must not grow with the station's later history.

const { prisma } = await useTestDatabase();

/** Comparisons written straight into the table (no triggers, no foreign keys): what the calibration reads, and nothing else. */
async function compared(stationId: string, modelVersionId: string, level: "SHADOW" | "PARTIAL", units: number): Promise<void> {
  await prisma.$transaction([
    prisma.$executeRaw`SET LOCAL session_replication_role = replica`,
    prisma.$executeRaw`
      INSERT INTO comparisons (prediction_id, verdict_id, capture_id, station_id, model_version_id, model_role, inspector_id, level, decided_at,
                               human_label, model_label, defect_score, confidence, brightness, time_to_decide_ms, suggestion_shown)
      SELECT gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), ${stationId}::uuid, ${modelVersionId}::uuid, 'ACTIVE', 'someone',
             ${level}::"AutomationLevel", now() - n * interval '1 second', CASE WHEN n % 10 = 0 THEN 'scratch' ELSE 'ok' END,
             CASE WHEN n % 10 = 0 THEN 'scratch' ELSE 'ok' END, CASE WHEN n % 10 = 0 THEN 0.9 ELSE 0.1 END, 0.9, 0.3, 900, false
        FROM generate_series(1, ${units}::int) AS n`,
  ]);
  await prisma.$executeRawUnsafe("ANALYZE comparisons");
}

/** Shared buffers (hit or read) the calibration's read of the shadow era touches. */
async function blocksTouched(stationId: string, modelVersionId: string): Promise<number> {
  const [row] = await prisma.$queryRaw<{ "QUERY PLAN": { Plan: { "Shared Hit Blocks": number; "Shared Read Blocks": number } }[] }[]>(
    Prisma.sql`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${shadowPointsQuery(stationId, modelVersionId)}`,
  );
  const plan = row?.["QUERY PLAN"][0]?.Plan;
  if (!plan) throw new Error("no plan");
  return plan["Shared Hit Blocks"] + plan["Shared Read Blocks"];
}

describe("the drift calibration's read of the shadow era", () => {
  it("touches the shadow era's pages alone, however much history came after it", async () => {
    const model = await prisma.modelVersion.create({ data: { version: "v-shadow", classes: ["scratch"], inputSize: 64, thresholds: {}, artifactPath: "" } });
    const station = await createStation(prisma, { slug: "shadow-era", name: "Shadow era" });
    await compared(station.id, model.id, "SHADOW", 50);
    const before = await blocksTouched(station.id, model.id);
    // Too small a shadow era to fit on: nothing stored, so every drift run reads it again.
    expect(await calibrationFor(prisma, station.id, model.id)).toBeNull();

    await compared(station.id, model.id, "PARTIAL", 60_000);
    const after = await blocksTouched(station.id, model.id);
    // 60,000 later comparisons fill some 1,500 pages; reading them all is what this guards against.
    expect(after).toBeLessThan(before + 10);
    expect(await calibrationFor(prisma, station.id, model.id)).toBeNull();
  });
});
