import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateCameraPhoto } from "../../synth/index.ts";
import { DefectModel } from "../inference.ts";
import { modelDir } from "../model-dir.ts";
import { preprocessFrame } from "../preprocess.ts";
import { loadModel, readMetadata } from "./artifacts.ts";
import { frameHeatmapOf, miningRoundLearningRate, miningRoundSeed, trainCameraVersion } from "./camera.ts";
import { DEFAULT_TRAINING } from "./pipeline.ts";
import { useTrainingBackend } from "./train.ts";

describe("frameHeatmapOf", () => {
  it("is the heatmap the browser's DefectModel shows for the same photo", async () => {
    await useTrainingBackend();
    const metadata = readMetadata(modelDir("v6"));
    const photo = generateCameraPhoto(4242, { label: "scratch" });
    const browser = DefectModel.fromModel(await loadModel(modelDir("v6")), metadata);
    const expected = (await browser.predict(photo)).heatmap;
    browser.dispose();
    const model = await loadModel(modelDir("v6"));
    const heat = await frameHeatmapOf(model)(preprocessFrame(photo));
    model.dispose();
    expect(heat).toHaveLength(32 * 32);
    heat.forEach((value, i) => expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 5));
  });
});

describe("mining rounds", () => {
  it("gives each round fresh photos and half the last round's learning rate", () => {
    expect(miningRoundSeed(71, 1)).not.toBe(miningRoundSeed(71, 2));
    // Clear of the first training's photos, validation, calibration and test seeds.
    for (const round of [1, 2, 3]) expect([71, 72, 571, 1071]).not.toContain(miningRoundSeed(71, round));
    expect(miningRoundLearningRate(0.002, 0)).toBe(0.002);
    expect(miningRoundLearningRate(0.002, 2)).toBe(0.0005);
  });

  it("train from scratch and go on from the model just trained, in one command, turning colours when asked", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-rounds-"));
    const lines: string[] = [];
    const request = {
      ...DEFAULT_TRAINING,
      version: "rounds-test",
      data: "camera-synth",
      photos: 3,
      epochs: 1,
      batch: 8,
      learningRate: 0.002,
      rounds: 2,
      calibrationPhotos: 4,
      testPhotos: 2,
      saturationTurns: true,
    };
    const { metadata, markdown } = await trainCameraVersion(request, { log: (line) => lines.push(line), dir });
    // One epoch from scratch, then one per mining round, each at half the last rate.
    expect(metadata.training.history).toHaveLength(3);
    const history = metadata.training.history as { epoch: number; learningRate: number }[];
    expect(history.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(history.map((e) => e.learningRate)).toEqual([0.002, 0.001, 0.0005]);
    expect(lines.filter((line) => line.startsWith("mining round"))).toEqual([
      `mining round 1 of 2: 3 fresh photos (seed ${miningRoundSeed(7, 1)}), the last model's hottest false alarms on each, beside its defect`,
      `mining round 2 of 2: 3 fresh photos (seed ${miningRoundSeed(7, 2)}), the last model's hottest false alarms on each, beside its defect`,
    ]);
    expect(metadata.training).toMatchObject({ miningRounds: 2 });
    // Nine random crops first, then at least one mined crop per photo in each round.
    expect((metadata.training.crops as { train: number }).train).toBeGreaterThanOrEqual(9 + 2 * 3);
    expect(markdown).toContain("of 9 synthetic camera photos");
    expect(markdown).toContain("2 mining rounds");
    expect(markdown).toContain("--rounds 2");
    // Every training, the first and each round's, on crops half of them turned to another hue and colourfulness.
    expect(lines.filter((line) => line.startsWith("turning half"))).toEqual([
      "turning half the training crops to a random hue and colourfulness (--saturation-turns)",
      "turning half of round 1's crops to a random hue and colourfulness",
      "turning half of round 2's crops to a random hue and colourfulness",
    ]);
    expect(metadata.training).toMatchObject({ colourTurns: true, saturationTurns: [0.5, 2.5] });
    expect(markdown).toContain("--saturation-turns");
    expect(markdown).toContain("moved from grey by 0.5 to 2.5 times");
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
