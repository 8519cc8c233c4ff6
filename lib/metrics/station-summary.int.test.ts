import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { createAccount } from "../auth/accounts.ts";
import { useTestDatabase } from "../db/testing/test-database.ts";
import { createStation } from "../stations/stations.ts";
import { stationEvidence } from "./station-summary.ts";

const { prisma } = await useTestDatabase();

async function unit(stationId: string, opts: { human?: string; model?: string; candidate?: string; inspectorId: string; modelId: string; candidateId: string }) {
  const capture = await prisma.capture.create({
    data: {
      stationId,
      capturedAt: new Date(),
      storageKey: `k/${crypto.randomUUID()}.jpg`,
      contentHash: crypto.randomUUID(),
      mimeType: "image/jpeg",
      width: 64,
      height: 64,
      decidedAt: opts.human ? new Date() : null,
    },
  });
  const prediction = (modelVersionId: string, decision: string, modelRole: "ACTIVE" | "CANDIDATE") => ({
    captureId: capture.id,
    stationId,
    modelVersionId,
    modelRole,
    level: "SHADOW" as const,
    scores: {},
    decision,
    confidence: 0.9,
    defectScore: decision === "ok" ? 0.1 : 0.9,
    latencyMs: 12,
    backend: "wasm",
    brightness: 0.5,
    contrast: 0.2,
    sharpness: 0.1,
    meanRed: 0.5,
    meanGreen: 0.5,
    meanBlue: 0.5,
    idempotencyKey: crypto.randomUUID(),
  });
  if (opts.model) await prisma.prediction.create({ data: prediction(opts.modelId, opts.model, "ACTIVE") });
  if (opts.candidate) await prisma.prediction.create({ data: prediction(opts.candidateId, opts.candidate, "CANDIDATE") });
  if (opts.human) {
    await prisma.verdict.create({
      data: { captureId: capture.id, stationId, inspectorId: opts.inspectorId, label: opts.human, level: "SHADOW", decidedAt: new Date(), idempotencyKey: crypto.randomUUID() },
    });
  }
}

describe("stationEvidence", () => {
  it("counts units, verdicts, active predictions, compared units and agreements per station", async () => {
    const a = await createStation(prisma, { slug: "a-line", name: "A line" });
    const b = await createStation(prisma, { slug: "b-line", name: "B line" });
    await createStation(prisma, { slug: "c-line", name: "C line" });
    const { id: inspectorId } = await createAccount(prisma, { email: "i@t.local", name: "I", role: "INSPECTOR", password: "password-123456" });
    const model = (version: string) => prisma.modelVersion.create({ data: { version, classes: [], inputSize: 64, thresholds: {}, artifactPath: `/models/${version}` } });
    const ids = { inspectorId, modelId: (await model("v1")).id, candidateId: (await model("v2")).id };
    // A: 2 agree, 1 disagrees, 1 judged without a prediction, 1 predicted and waiting.
    await unit(a.id, { ...ids, human: "ok", model: "ok", candidate: "scratch" });
    await unit(a.id, { ...ids, human: "scratch", model: "scratch" });
    await unit(a.id, { ...ids, human: "crack", model: "ok" });
    await unit(a.id, { ...ids, human: "ok" });
    await unit(a.id, { ...ids, model: "dent" });
    // B: only a candidate prediction, which is not the station's evidence.
    await unit(b.id, { ...ids, human: "ok", candidate: "ok" });

    expect(await stationEvidence(prisma)).toEqual([
      { stationId: a.id, slug: "a-line", name: "A line", units: 5, pendingUnits: 1, inspectorVerdicts: 4, predictions: 4, comparedUnits: 3, agreements: 2 },
      { stationId: b.id, slug: "b-line", name: "B line", units: 1, pendingUnits: 0, inspectorVerdicts: 1, predictions: 0, comparedUnits: 0, agreements: 0 },
      expect.objectContaining({ slug: "c-line", units: 0, comparedUnits: 0 }),
    ]);
  });
});
