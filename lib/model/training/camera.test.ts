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
import { cameraFrameOf, cameraPhotoAt, VARIED_LAMPS } from "./camera-data.ts";
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

  it("with a phone finder, is the browser's heatmap too: the patches off the phone at 0", async () => {
    await useTrainingBackend();
    const metadata = readMetadata(modelDir("v10"));
    const finderFile = metadata.finder?.file ?? "";
    const photo = generateCameraPhoto(4243, { label: "ok" });
    const browser = DefectModel.fromModel(await loadModel(modelDir("v10")), metadata, await loadModel(modelDir("v10"), finderFile));
    const expected = (await browser.predict(photo)).heatmap;
    browser.dispose();
    const [model, finder] = [await loadModel(modelDir("v10")), await loadModel(modelDir("v10"), finderFile)];
    const heat = await frameHeatmapOf(model, finder)(preprocessFrame(photo));
    const whole = await frameHeatmapOf(model)(preprocessFrame(photo));
    model.dispose();
    finder.dispose();
    heat.forEach((value, i) => expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 5));
    // The bench's patches, hot for the whole frame, are off the phone: read as 0.
    const offPhone = heat.flatMap((value, i) => (value === 0 ? [whole[i] ?? 0] : []));
    expect(offPhone.length).toBeGreaterThan(heat.length / 4);
    expect(Math.max(...offPhone)).toBeGreaterThan(0.01);
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

describe("training on from a camera version, under varied lamps", () => {
  it("draws its training photos under the varied lamps, keeps the version's phone finder, and says both", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-lamps-"));
    const lines: string[] = [];
    const request = {
      ...DEFAULT_TRAINING,
      version: "lamps-test",
      data: "camera-synth",
      initFrom: "v10",
      photos: 3,
      epochs: 1,
      batch: 8,
      learningRate: 0.001,
      calibrationPhotos: 4,
      testPhotos: 2,
      variedLamps: true,
    };
    const { metadata, markdown } = await trainCameraVersion(request, { log: (line) => lines.push(line), dir });
    // The drift reference is the training crops' photos: their brightest and dimmest are those photos under the varied lamps, not the normal preset's.
    const brightness = (lighting: object) =>
      Array.from({ length: 3 }, (_, i) => cameraFrameOf(cameraPhotoAt(request.seed, i, lighting)).frame.statistics.brightness);
    const varied = brightness({ lighting: VARIED_LAMPS });
    const normal = brightness({});
    const deciles = metadata.reference.brightness.deciles;
    expect(deciles[0]).toBeCloseTo(Math.min(...varied), 6);
    expect(deciles[10]).toBeCloseTo(Math.max(...varied), 6);
    expect(Math.abs((deciles[0] as number) - Math.min(...normal)) + Math.abs((deciles[10] as number) - Math.max(...normal))).toBeGreaterThan(0.01);
    expect(metadata.training).toMatchObject({ variedLamps: VARIED_LAMPS, initFrom: "v10" });
    expect(lines).toContain("drawing the training photos under varied lamps (--varied-lamps)");
    expect(markdown).toContain("--varied-lamps");
    expect(markdown).toContain("drawn under varied lamps");
    // v10's finder, its files and its record, kept: the new network scores the patches on the phone.
    const v10 = readMetadata(modelDir("v10"));
    expect(metadata.finder).toEqual(v10.finder);
    for (const file of ["finder.json", "finder.bin"]) expect(fs.readFileSync(path.join(dir, file))).toEqual(fs.readFileSync(path.join(modelDir("v10"), file)));
    expect(lines).toContain("keeping v10's phone finder: the new network scores the patches on the phone, as v10 does");
    expect(lines).toContain("mining only the false alarms on the phone, as v10's finder finds it");
    expect(markdown).toContain("the false alarms mined were only those on the phone");
    expect(markdown).toContain("v10's phone finder is kept");
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);
});
