import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCameraPhoto, generatePhoto } from "../synth/index.ts";
import { buildCameraModel, buildDefectModel } from "./architecture.ts";
import { DefectModel } from "./inference.ts";
import type { ModelMetadata } from "./metadata.ts";
import { preprocessFrame } from "./preprocess.ts";
import { loadModel, saveModel } from "./training/artifacts.ts";
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
});
