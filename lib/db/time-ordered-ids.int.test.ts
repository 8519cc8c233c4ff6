import { describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { recordVerdict } from "../inspection/index.ts";
import { createStation } from "../stations/index.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";

// The rows written once per unit get time-ordered ids (UUIDv7), so a day's
// rows sit on neighbouring index pages (migration 20261210000000_time_ordered_ids).

const { prisma } = await useTestDatabase();
const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millisecondsOf = (id: string) => Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16);

describe("time-ordered ids", () => {
  it("uuid_v7(at) carries the given time, sorts by it and never repeats", async () => {
    const rows = await prisma.$queryRaw<{ id: string; at: Date }[]>`
      SELECT uuid_v7(at)::text AS id, at
        FROM generate_series(timestamptz '2025-01-01 00:00:00.123+00', timestamptz '2026-12-03 20:00:00+00', interval '7 hours 13 minutes') AS at`;
    expect(rows.length).toBeGreaterThan(2000);
    for (const { id, at } of rows) {
      expect(id).toMatch(V7);
      expect(millisecondsOf(id)).toBe(at.getTime());
    }
    expect(rows.map((r) => r.id)).toEqual(rows.map((r) => r.id).sort());
    const [same] = await prisma.$queryRaw<{ n: number }[]>`SELECT count(DISTINCT uuid_v7(now()))::int AS n FROM generate_series(1, 10000)`;
    expect(same?.n).toBe(10_000);
  });

  it("are what the app gives captures, predictions, verdicts and adjudications", async () => {
    const before = Date.now();
    const station = await createStation(prisma, { slug: "ids", name: "Ids" });
    await prisma.stationAutomation.update({ where: { stationId: station.id }, data: { level: "SHADOW" } });
    const inspector = await createAccount(prisma, { email: "ids@t.local", name: "Ids", role: "INSPECTOR", password: "a long password" });
    const model = await prisma.modelVersion.create({ data: { version: "v-ids", classes: ["scratch"], inputSize: 64, thresholds: {}, artifactPath: "" } });
    const capture = await prisma.capture.create({
      data: { stationId: station.id, capturedAt: new Date(), storageKey: "ids/1.png", contentHash: "ids-1", mimeType: "image/png", width: 192, height: 192 },
    });
    const prediction = await prisma.prediction.create({
      data: {
        captureId: capture.id,
        modelVersionId: model.id,
        stationId: station.id,
        modelRole: "ACTIVE",
        level: "SHADOW",
        scores: {},
        decision: "ok",
        confidence: 0.9,
        defectScore: 0.1,
        latencyMs: 2,
        backend: "wasm",
        brightness: 0.3,
        contrast: 0.1,
        sharpness: 0.04,
        meanRed: 0.3,
        meanGreen: 0.3,
        meanBlue: 0.3,
        idempotencyKey: "ids-prediction",
      },
    });
    await prisma.capture.update({ where: { id: capture.id }, data: { leaseUserId: inspector.id, leaseExpiresAt: new Date(Date.now() + 600_000) } });
    const verdict = await recordVerdict(prisma, "ids", inspector.id, {
      idempotencyKey: "ids-verdict",
      captureId: capture.id,
      label: "ok",
      timeToDecideMs: 800,
      suggestionShown: false,
      revisedFrom: null,
      decidedAt: new Date().toISOString(),
    });
    if (!verdict.ok) throw new Error(JSON.stringify(verdict));
    const adjudication = await prisma.adjudication.create({ data: { captureId: capture.id, truth: "ok", adjudicatorId: inspector.id } });
    for (const id of [capture.id, prediction.id, verdict.verdict.id, adjudication.id]) {
      expect(id).toMatch(V7);
      expect(millisecondsOf(id)).toBeGreaterThanOrEqual(before);
      expect(millisecondsOf(id)).toBeLessThanOrEqual(Date.now());
    }
  });
});
