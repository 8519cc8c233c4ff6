import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { encodePng, LocalDiskStore, type CaptureStore } from "../captures/index.ts";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { DefectModel, modelDir, serverModelRunner, type ModelPrediction } from "../model/index.ts";
import { loadModel, readMetadata, upsertModelVersion } from "../model/training/index.ts";
import { createStation } from "../stations/index.ts";
import { generatePhoto } from "../synth/index.ts";
import { recordPrediction, type PredictionInput } from "./predictions.ts";

// A unit is decided by the model alone only on the server's own run of the
// model: a browser's prediction is a claim any signed-in client can make up.

const { prisma } = await useTestDatabase();
const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-provenance-"));
afterAll(() => fs.rmSync(storeDir, { recursive: true, force: true }));
const store: CaptureStore = new LocalDiskStore(storeDir);
const runModel = serverModelRunner(store);
let stationId = "";
let ines = "";
let ivo = "";
let browserModel: DefectModel;

beforeAll(async () => {
  stationId = (await createStation(prisma, { slug: "full-line", name: "Full line" })).id;
  const v2 = await upsertModelVersion(prisma, readMetadata(modelDir("v2")), "/models/v2");
  await prisma.stationAutomation.update({ where: { stationId }, data: { level: "FULL", activeModelId: v2.id, auditShare: 0 } });
  ines = (await createAccount(prisma, { email: "ines@prov.local", name: "Ines", role: "INSPECTOR", password: "a long password" })).id;
  ivo = (await createAccount(prisma, { email: "ivo@prov.local", name: "Ivo", role: "INSPECTOR", password: "a long password" })).id;
  // What an honest browser runs: the same shipped v2, in this process.
  browserModel = DefectModel.fromModel(await loadModel(modelDir("v2")), readMetadata(modelDir("v2")));
});

/** A real synthetic photo stored as a unit of the station, leased to `holder` if given. */
async function unit(
  seed: number,
  holder: string | null = null,
  label?: "ok" | "scratch" | "crack" | "dent",
): Promise<{ id: string; photo: ReturnType<typeof generatePhoto> }> {
  const photo = generatePhoto(seed, label ? { label } : {});
  const id = crypto.randomUUID();
  const storageKey = `t/${id}.png`;
  await store.put(storageKey, encodePng(photo.width, photo.height, photo.rgba), "image/png");
  await prisma.capture.create({
    data: {
      id,
      stationId,
      capturedAt: new Date(),
      storageKey,
      contentHash: id,
      mimeType: "image/png",
      width: photo.width,
      height: photo.height,
      leaseUserId: holder,
      leaseExpiresAt: holder ? new Date(Date.now() + 120_000) : null,
    },
  });
  return { id, photo };
}

async function honest(captureId: string, photo: ReturnType<typeof generatePhoto>): Promise<PredictionInput> {
  return asInput(captureId, await browserModel.predict({ width: photo.width, height: photo.height, rgba: photo.rgba }));
}

/** What the inspector's page posts of its model's prediction. */
function asInput(captureId: string, p: ModelPrediction): PredictionInput {
  return {
    idempotencyKey: crypto.randomUUID(),
    captureId,
    modelVersion: "v2",
    scores: p.scores,
    decision: p.decision,
    confidence: p.confidence,
    defectScore: p.defectScore,
    latencyMs: p.latencyMs,
    backend: "cpu",
    statistics: p.statistics,
    region: p.region,
  };
}

const forged = (captureId: string): PredictionInput => ({
  idempotencyKey: crypto.randomUUID(),
  captureId,
  modelVersion: "v2",
  scores: { scratch: 0.001, crack: 0.001, dent: 0.001 },
  decision: "ok",
  confidence: 0.997,
  defectScore: 0.003,
  latencyMs: 1,
  backend: "webgl",
  statistics: { brightness: 0.5, contrast: 0.2, sharpness: 0.1, meanRed: 0.4, meanGreen: 0.4, meanBlue: 0.4 },
});

const asInes = () => ({ poster: { userId: ines, sessionId: "session-ines" }, runModel });

describe("predictions with provenance at full automation", () => {
  it("lets the model decide a unit on an honest prediction the server's own run confirms, and records who, where, which model content and lease", async () => {
    const { id, photo } = await unit(101, ines);
    const result = await recordPrediction(prisma, "full-line", await honest(id, photo), asInes());
    expect(result.ok ? result.route : result.refusal).toBe("MODEL");
    const stored = await prisma.prediction.findFirstOrThrow({ where: { captureId: id } });
    const version = await prisma.modelVersion.findUniqueOrThrow({ where: { version: "v2" } });
    expect(version.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).toMatchObject({ postedById: ines, sessionId: "session-ines", modelHash: version.contentHash, verified: true });
    expect(stored.leaseExpiresAt).not.toBeNull();
    expect(Math.abs((stored.serverDefectScore as number) - stored.defectScore)).toBeLessThan(1e-4);
    expect(await prisma.verdict.findMany({ where: { captureId: id }, select: { source: true, label: true } })).toEqual([
      { source: "MODEL", label: stored.decision },
    ]);
  });

  it("never lets a made-up prediction decide a unit: ten forged 'ok's on defective phones all go to a person", async () => {
    const defects = ["scratch", "crack", "dent"] as const;
    const units = await Promise.all(Array.from({ length: 10 }, (_, i) => unit(200 + i, ines, defects[i % 3])));
    for (const { id } of units) {
      const result = await recordPrediction(prisma, "full-line", forged(id), asInes());
      expect(result.ok && result.route).toBe("HUMAN");
      const stored = await prisma.prediction.findFirstOrThrow({ where: { captureId: id } });
      // The server's own run saw more of the defect than the forgery claimed.
      expect(stored).toMatchObject({ verified: false, decision: "ok" });
      expect((stored.serverDefectScore as number) - stored.defectScore).toBeGreaterThan(0.02);
    }
    expect(await prisma.verdict.count({ where: { captureId: { in: units.map((u) => u.id) } } })).toBe(0);
    expect(await prisma.capture.count({ where: { id: { in: units.map((u) => u.id) }, decidedAt: null } })).toBe(10);
  });

  it("decides on the server's numbers even where a made-up prediction happens to match them", async () => {
    const { id } = await unit(250, ines, "ok");
    const result = await recordPrediction(prisma, "full-line", forged(id), asInes());
    const stored = await prisma.prediction.findFirstOrThrow({ where: { captureId: id } });
    // Within the tolerance of the server's own run it is the same prediction: the verdict is the server's decision.
    expect(stored.verified).toBe(Math.abs((stored.serverDefectScore as number) - 0.003) <= 0.02);
    expect(result.ok && result.route).toBe(stored.verified ? "MODEL" : "HUMAN");
  });

  it("refuses a prediction on a unit leased to another inspector, and stores nothing", async () => {
    const { id, photo } = await unit(301, ivo);
    const result = await recordPrediction(prisma, "full-line", await honest(id, photo), asInes());
    expect(result).toMatchObject({ ok: false, refusal: { kind: "conflict", reason: "leased-to-another" } });
    expect(await prisma.prediction.count({ where: { captureId: id } })).toBe(0);
    // Ivo, who holds it, may.
    expect((await recordPrediction(prisma, "full-line", await honest(id, photo), { poster: { userId: ivo, sessionId: "session-ivo" }, runModel })).ok).toBe(
      true,
    );
  });

  it("checks a prediction stored at a lower level when it comes back at full automation", async () => {
    const { id, photo } = await unit(501, ines);
    await prisma.stationAutomation.update({ where: { stationId }, data: { level: "SHADOW" } });
    const input = await honest(id, photo);
    const atShadow = await recordPrediction(prisma, "full-line", input, asInes());
    expect(atShadow.ok && atShadow.route).toBe("HUMAN");
    expect(await prisma.prediction.findFirstOrThrow({ where: { captureId: id }, select: { verified: true } })).toEqual({ verified: null });
    await prisma.stationAutomation.update({ where: { stationId }, data: { level: "FULL" } });
    const again = await recordPrediction(prisma, "full-line", { ...input, idempotencyKey: crypto.randomUUID() }, asInes());
    expect(again.ok && again.route).toBe("MODEL");
    expect(await prisma.prediction.findFirstOrThrow({ where: { captureId: id }, select: { verified: true } })).toEqual({ verified: true });
  });

  it("without the server's run, the model decides nothing alone", async () => {
    const { id, photo } = await unit(401, ines);
    const result = await recordPrediction(prisma, "full-line", await honest(id, photo), { ...asInes(), runModel: null });
    expect(result.ok && result.route).toBe("HUMAN");
    expect(await prisma.prediction.findFirstOrThrow({ where: { captureId: id }, select: { verified: true } })).toEqual({ verified: null });
  });
});

describe("predictions at a station with a region of interest", () => {
  it("are checked by the server inside the station's region: a browser that scored the whole photo does not decide the unit", async () => {
    const { id: framedId } = await createStation(prisma, { slug: "framed-full", name: "Framed full" });
    const v2 = await prisma.modelVersion.findUniqueOrThrow({ where: { version: "v2" } });
    // A cracked phone whose crack lies outside the station's region: the quarter of the photo farthest from its hottest patch.
    const photo = generatePhoto(40, { label: "crack" });
    const whole = await browserModel.predict(photo);
    const hottest = whole.heatmap.indexOf(Math.max(...whole.heatmap));
    const [row, column] = [Math.floor(hottest / whole.heatmapSize), hottest % whole.heatmapSize];
    const region = { left: column < whole.heatmapSize / 2 ? 0.6 : 0, top: row < whole.heatmapSize / 2 ? 0.6 : 0, width: 0.4, height: 0.4 };
    await prisma.station.update({ where: { id: framedId }, data: { inspectionRegion: region } });
    await prisma.stationAutomation.update({ where: { stationId: framedId }, data: { level: "FULL", activeModelId: v2.id, auditShare: 0 } });

    const store2 = async () => {
      const id = crypto.randomUUID();
      const storageKey = `t/${id}.png`;
      await store.put(storageKey, encodePng(photo.width, photo.height, photo.rgba), "image/png");
      await prisma.capture.create({
        data: { id, stationId: framedId, capturedAt: new Date(), storageKey, contentHash: id, mimeType: "image/png", width: photo.width, height: photo.height },
      });
      return id;
    };
    // A page opened before the region was set scored the whole photo: refused, so it is not the station's evidence.
    const stale = await store2();
    const staleResult = await recordPrediction(prisma, "framed-full", asInput(stale, whole), asInes());
    expect(staleResult).toMatchObject({ ok: false, refusal: { kind: "conflict", reason: "region-changed" } });
    expect(await prisma.prediction.count({ where: { captureId: stale } })).toBe(0);
    // A browser that claims the region but scored the whole photo (a tampered worker): the server's run differs, a person decides.
    const tampered = await store2();
    const tamperedResult = await recordPrediction(prisma, "framed-full", { ...asInput(tampered, whole), region }, asInes());
    expect(tamperedResult.ok && tamperedResult.route).toBe("HUMAN");
    expect(await prisma.prediction.findFirstOrThrow({ where: { captureId: tampered }, select: { verified: true } })).toEqual({ verified: false });

    // The browser as the page runs it, with the station's region: the server agrees.
    const inRegion = await browserModel.predict(photo, region);
    expect(inRegion.defectScore).toBeLessThan(whole.defectScore - 0.02);
    const honestId = await store2();
    expect(inRegion.region).toEqual(region);
    const result = await recordPrediction(prisma, "framed-full", asInput(honestId, inRegion), asInes());
    expect(result.ok && result.route).toBe("MODEL");
    const stored = await prisma.prediction.findFirstOrThrow({ where: { captureId: honestId } });
    expect(stored.verified).toBe(true);
    expect(Math.abs((stored.serverDefectScore as number) - inRegion.defectScore)).toBeLessThan(1e-4);
  });
});
