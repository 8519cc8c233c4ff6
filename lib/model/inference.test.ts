import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCameraPhoto, generatePhoto } from "../synth/index.ts";
import { buildCameraModel, buildDefectModel, withHeatmap } from "./architecture.ts";
import { DefectModel } from "./inference.ts";
import type { ModelMetadata } from "./metadata.ts";
import { modelDir } from "./model-dir.ts";
import { preprocessFrame, type PhotoPixels } from "./preprocess.ts";
import { regionMask, type InspectionRegion } from "./region.ts";
import { loadModel, readMetadata, saveModel } from "./training/artifacts.ts";
import { toExample } from "./training/dataset.ts";
import { scoreExamples } from "./training/train.ts";

const metadata = {
  version: "test",
  classes: ["scratch", "crack", "dent"],
  inputSize: 64,
  heatmapSize: 16,
  thresholds: { decision: 0.5, autoOk: 0.1, autoDefect: 0.9 },
} as ModelMetadata;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-model-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// A whole camera frame on the cpu backend takes about a second here, several on a loaded machine.
const CAMERA_TEST_TIMEOUT_MS = 30_000;

describe("inference", () => {
  let model: tf.LayersModel;
  beforeAll(async () => {
    await tf.setBackend("cpu");
    model = buildDefectModel(3);
  });

  it("gives the browser's worker the same scores as training's evaluation, from the same preprocessing", async () => {
    const photos = [generatePhoto(1, { label: "scratch" }), generatePhoto(2, { label: "ok", preset: "lighting-shift" })];
    const runner = DefectModel.fromModel(model, metadata);
    const fromTraining = await scoreExamples(
      model,
      photos.map((photo) => toExample({ pixels: photo, label: photo.label })),
    );
    for (const [i, photo] of photos.entries()) {
      const prediction = await runner.predict(photo);
      expect(Object.values(prediction.scores)).toEqual(fromTraining[i]);
      expect(prediction.heatmap).toHaveLength(16 * 16);
      expect(prediction.backend).toBe("cpu");
      expect(prediction.statistics).toEqual(toExample({ pixels: photo, label: photo.label }).statistics);
    }
  });

  it("decides at the threshold and reports the decision's confidence", async () => {
    const runner = DefectModel.fromModel(model, { ...metadata, thresholds: { ...metadata.thresholds, decision: 0 } });
    const prediction = await runner.predict(generatePhoto(3));
    const best = Object.entries(prediction.scores).sort((a, b) => b[1] - a[1])[0] as [string, number];
    expect(prediction.decision).toBe(best[0]);
    expect(prediction.confidence).toBe(best[1]);
    const never = DefectModel.fromModel(model, { ...metadata, thresholds: { ...metadata.thresholds, decision: 1.01 } });
    const ok = await never.predict(generatePhoto(3));
    expect(ok.decision).toBe("ok");
    expect(ok.confidence).toBeCloseTo(1 - ok.defectScore, 10);
  });

  it("saves model.json and weights.bin that load back to the same model", async () => {
    await saveModel(model, dir);
    expect(fs.readdirSync(dir).sort()).toEqual(["model.json", "weights.bin"]);
    const loaded = await loadModel(dir);
    const example = toExample({ pixels: generatePhoto(4), label: "ok" });
    expect(await scoreExamples(loaded, [example])).toEqual(await scoreExamples(model, [example]));
  });
});

describe("inference of a camera model", () => {
  const cameraMetadata = {
    version: "camera-test",
    classes: ["scratch", "crack", "dent", "chip", "oil", "stain"],
    inputSize: 640,
    input: { kind: "frame", width: 640 },
    heatmapSize: 32,
    thresholds: { decision: 0.5, autoOk: 0.1, autoDefect: 0.9 },
  } as ModelMetadata;

  it(
    "scores a whole 1920x1080 photo as training scored its crops, with a square heatmap over the frame",
    async () => {
      await tf.setBackend("cpu");
      const model = buildCameraModel(6, 3);
      const photo = generateCameraPhoto(21, { label: "oil" });
      const prediction = await DefectModel.fromModel(model, cameraMetadata).predict(photo);
      expect(Object.keys(prediction.scores)).toEqual(cameraMetadata.classes);
      expect(prediction.heatmap).toHaveLength(32 * 32);
      expect(prediction.heatmapSize).toBe(32);
      // The same frame through training's path: the whole frame as one example of its own shape.
      const frame = preprocessFrame(photo);
      const [fromTraining] = await scoreExamples(model, [
        { input: frame.input, label: "oil", statistics: frame.statistics, shape: [frame.height, frame.width, 3] },
      ]);
      expect(Object.values(prediction.scores)).toEqual(fromTraining);
      expect(prediction.statistics).toEqual(frame.statistics);
    },
    CAMERA_TEST_TIMEOUT_MS,
  );

  it(
    "gives each of two photos predicted at once its own scores, though it reuses its input arrays",
    async () => {
      await tf.setBackend("cpu");
      const runner = DefectModel.fromModel(buildCameraModel(6, 5), cameraMetadata);
      const photos = [generateCameraPhoto(31, { label: "crack" }), generateCameraPhoto(32, { label: "ok" })];
      const oneByOne = [];
      for (const photo of photos) oneByOne.push(await runner.predict(photo));
      const atOnce = await Promise.all(photos.map((photo) => runner.predict(photo)));
      expect(atOnce.map((p) => p.scores)).toEqual(oneByOne.map((p) => p.scores));
      expect(atOnce.map((p) => p.statistics)).toEqual(oneByOne.map((p) => p.statistics));
      expect(oneByOne[0]?.scores).not.toEqual(oneByOne[1]?.scores);
      expect(oneByOne[0]?.preprocessMs).toBeGreaterThan(0);
      expect(oneByOne[0]?.preprocessMs).toBeLessThan(oneByOne[0]?.latencyMs ?? 0);
    },
    CAMERA_TEST_TIMEOUT_MS,
  );
});

describe("inference inside a station's region of interest", () => {
  it("scores each class by its most suspicious patch inside the region, and leaves the heatmap cold outside it", async () => {
    await tf.setBackend("cpu");
    const model = buildDefectModel(3, 5);
    const photo = generatePhoto(8, { label: "crack" });
    const region: InspectionRegion = { left: 0.25, top: 0.5, width: 0.5, height: 0.5 };
    const prediction = await DefectModel.fromModel(model, metadata).predict(photo, region);
    // The same from the patch logits directly: 16 x 16 patches, the region's 8 x 8 of them.
    const logits = tf.tidy(() =>
      (
        (withHeatmap(model).predict(tf.tensor4d(toExample({ pixels: photo, label: "crack" }).input, [1, 64, 64, 1])) as tf.Tensor[])[1] as tf.Tensor
      ).arraySync(),
    ) as number[][][][];
    const inside = regionMask(16, 16, region);
    expect(inside.filter(Boolean)).toHaveLength(64);
    metadata.classes.forEach((name, k) => {
      const best = Math.max(...inside.flatMap((yes, i) => (yes ? [logits[0]?.[Math.floor(i / 16)]?.[i % 16]?.[k] ?? -Infinity] : [])));
      expect(prediction.scores[name]).toBeCloseTo(1 / (1 + Math.exp(-best)), 6);
    });
    inside.forEach((yes, i) => {
      if (!yes) expect(prediction.heatmap[i]).toBe(0);
    });
    expect(prediction.heatmap.some((heat, i) => inside[i] && heat > 0)).toBe(true);
  });

  it("scores an evaluation's examples inside their region as the browser scores the station's photos", async () => {
    await tf.setBackend("cpu");
    const model = buildDefectModel(3, 7);
    const runner = DefectModel.fromModel(model, metadata);
    const region: InspectionRegion = { left: 0, top: 0.3, width: 0.45, height: 0.7 };
    const photos = [generatePhoto(11, { label: "scratch" }), generatePhoto(12, { label: "ok" })];
    // One example framed, one not, in the same batch.
    const scored = await scoreExamples(model, [
      { ...toExample({ pixels: photos[0] as PhotoPixels, label: "scratch" }), region },
      toExample({ pixels: photos[1] as PhotoPixels, label: "ok" }),
    ]);
    const framed = await runner.predict(photos[0] as PhotoPixels, region);
    const whole = await runner.predict(photos[1] as PhotoPixels);
    expect(scored[0]?.map((p) => Math.round(p * 1e5))).toEqual(Object.values(framed.scores).map((p) => Math.round(p * 1e5)));
    expect(scored[1]).toEqual(Object.values(whole.scores));
    expect(scored[0]).not.toEqual(Object.values((await runner.predict(photos[0] as PhotoPixels)).scores));
  });

  it("gives the whole photo's prediction for a region that is the whole photo", async () => {
    await tf.setBackend("cpu");
    const runner = DefectModel.fromModel(buildDefectModel(3, 6), metadata);
    const photo = generatePhoto(9, { label: "dent" });
    const whole = await runner.predict(photo);
    const all = await runner.predict(photo, { left: 0, top: 0, width: 1, height: 1 });
    for (const name of metadata.classes) expect(all.scores[name]).toBeCloseTo(whole.scores[name] ?? NaN, 6);
    expect(all.heatmap).toEqual(whole.heatmap);
  });

  it("with the shipped model, a defect outside the region no longer fails the unit, and one inside still does", async () => {
    await tf.setBackend("cpu");
    const runner = DefectModel.fromModel(await loadModel(modelDir("v2")), readMetadata(modelDir("v2")));
    const photo = generatePhoto(40, { label: "crack" });
    const whole = await runner.predict(photo);
    expect(whole.decision).not.toBe("ok");
    // The region around the hottest patch, and the quarter of the photo farthest from it.
    const hottest = whole.heatmap.indexOf(Math.max(...whole.heatmap));
    const size = whole.heatmapSize;
    const [row, column] = [Math.floor(hottest / size), hottest % size];
    const around: InspectionRegion = {
      left: Math.max(0, (column - 2) / size),
      top: Math.max(0, (row - 2) / size),
      width: Math.min(5, size - Math.max(0, column - 2)) / size,
      height: Math.min(5, size - Math.max(0, row - 2)) / size,
    };
    const far: InspectionRegion = { left: column < size / 2 ? 0.6 : 0, top: row < size / 2 ? 0.6 : 0, width: 0.4, height: 0.4 };
    const inside = await runner.predict(photo, around);
    const outside = await runner.predict(photo, far);
    expect(inside.defectScore).toBeCloseTo(whole.defectScore, 6);
    expect(outside.defectScore).toBeLessThan(whole.defectScore - 0.2);
    expect(outside.decision).toBe("ok");
  });
});
