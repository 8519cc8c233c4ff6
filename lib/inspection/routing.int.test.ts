import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { createStation } from "../stations/index.ts";
import { recordPrediction, type PredictionContext, type PredictionInput } from "./predictions.ts";

const { prisma } = await useTestDatabase();
let stationId = "";

beforeAll(async () => {
  stationId = (await createStation(prisma, { slug: "auto-line", name: "Auto line" })).id;
  const active = await prisma.modelVersion.create({
    data: { version: "v-a", classes: ["scratch", "crack", "dent"], inputSize: 64, thresholds: {}, artifactPath: "/m/a" },
  });
  const candidate = await prisma.modelVersion.create({
    data: { version: "v-b", classes: ["scratch", "crack", "dent"], inputSize: 64, thresholds: {}, artifactPath: "/m/b" },
  });
  await prisma.stationAutomation.update({
    where: { stationId },
    data: { level: "PARTIAL", activeModelId: active.id, candidateModelId: candidate.id, okThreshold: 0.05, defectThreshold: 0.95, auditShare: 0 },
  });
});

async function unit(): Promise<string> {
  const id = crypto.randomUUID();
  await prisma.capture.create({
    data: { id, stationId, capturedAt: new Date(), storageKey: `k/${id}.png`, contentHash: id, mimeType: "image/png", width: 192, height: 192 },
  });
  return id;
}

const prediction = (captureId: string, defectScore: number, modelVersion = "v-a"): PredictionInput => ({
  idempotencyKey: crypto.randomUUID(),
  captureId,
  modelVersion,
  scores: { scratch: defectScore, crack: 0, dent: 0 },
  decision: defectScore >= 0.5 ? "scratch" : "ok",
  confidence: defectScore >= 0.5 ? defectScore : 1 - defectScore,
  defectScore,
  latencyMs: 3,
  backend: "wasm",
  statistics: { brightness: 0.4, contrast: 0.2, sharpness: 0.05, meanRed: 0.4, meanGreen: 0.4, meanBlue: 0.4 },
});

/** A server run that finds what the browser said: these tests are about routing, not verification. */
const agreeing = (input: PredictionInput): PredictionContext => ({
  poster: null,
  runModel: async () => ({ decision: input.decision, defectScore: input.defectScore }),
});
const post = (input: PredictionInput) => recordPrediction(prisma, "auto-line", input, agreeing(input));

describe("routing at PARTIAL", () => {
  it("lets the active model decide a confident unit alone, once, and records it as the model's verdict", async () => {
    const id = await unit();
    const first = await post(prediction(id, 0.01));
    expect(first.ok && first.route).toBe("MODEL");
    const again = await post(prediction(id, 0.01));
    expect(again.ok && again.route).toBe("MODEL");
    const verdicts = await prisma.verdict.findMany({ where: { captureId: id } });
    expect(verdicts.map((v) => [v.source, v.label, v.level, v.inspectorId])).toEqual([["MODEL", "ok", "PARTIAL", null]]);
    expect((await prisma.capture.findUniqueOrThrow({ where: { id } })).decidedAt).not.toBeNull();
  });

  it("sends an unsure unit to a human and never lets the candidate decide", async () => {
    const unsure = await unit();
    const result = await post(prediction(unsure, 0.5));
    expect(result.ok && result.route).toBe("HUMAN");
    const byCandidate = await unit();
    const candidate = await post(prediction(byCandidate, 0.99, "v-b"));
    expect(candidate.ok && candidate.route).toBeNull();
    expect(await prisma.verdict.count({ where: { captureId: { in: [unsure, byCandidate] } } })).toBe(0);
  });

  it("still sends the audit share of confident units to a human", async () => {
    await prisma.stationAutomation.update({ where: { stationId }, data: { auditShare: 1 } });
    const id = await unit();
    const result = await post(prediction(id, 0.99));
    expect(result.ok && result.route).toBe("AUDIT");
    expect(await prisma.verdict.count({ where: { captureId: id } })).toBe(0);
    await prisma.stationAutomation.update({ where: { stationId }, data: { auditShare: 0 } });
  });
});
