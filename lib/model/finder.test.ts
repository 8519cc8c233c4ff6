import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { generateCameraPhoto, isOnPhone } from "../synth/index.ts";
import { buildCameraModel, withHeatmap } from "./architecture.ts";
import { buildPhoneFinder, finderInput, finderShape, phoneMasks } from "./finder.ts";
import { DefectModel } from "./inference.ts";
import type { ModelMetadata } from "./metadata.ts";
import { preprocessFrame } from "./preprocess.ts";
import { countedCells } from "./region.ts";
import { wholeFrameExample } from "./training/camera-data.ts";
import { finderAgreement, finderExample, trainPhoneFinder } from "./training/finder.ts";
import { scoreExamples, useTrainingBackend } from "./training/train.ts";

// A whole camera frame on the cpu backend takes about a second here, several on a loaded machine.
const FRAME_TIMEOUT_MS = 60_000;

const metadata = {
  version: "finder-test",
  classes: ["scratch", "crack", "dent", "chip", "oil", "stain"],
  inputSize: 640,
  input: { kind: "frame", width: 640 },
  heatmapSize: 32,
  thresholds: { decision: 0.5, autoOk: 0.1, autoDefect: 0.9 },
  finder: { file: "finder.json", training: {} },
} as ModelMetadata;

/** A finder whose last layer says `logit` everywhere, whatever it sees. */
function constantFinder(logit: number): tf.LayersModel {
  const finder = buildPhoneFinder(48, 80, 1);
  const last = finder.getLayer("phone_logits");
  const [kernel, bias] = last.getWeights() as [tf.Tensor, tf.Tensor];
  last.setWeights([tf.zerosLike(kernel), tf.fill(bias.shape, logit)]);
  return finder;
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("the phone finder's input", () => {
  it("is the frame shrunk eight times, each cell its block's mean, padded with zeros to a multiple of eight", () => {
    expect(finderShape(360, 640)).toEqual({ rows: 48, columns: 80, cells: [45, 80] });
    const frame = tf.tidy(() => tf.randomUniform([1, 360, 640, 3], -1, 1, "float32", 3) as tf.Tensor4D);
    const input = finderInput(frame);
    expect(input.shape).toEqual([1, 48, 80, 3]);
    const values = input.arraySync()[0] as number[][][];
    const block = frame.slice([0, 8, 16, 1], [1, 8, 8, 1]).mean().arraySync() as number;
    expect(values[1]?.[2]?.[1]).toBeCloseTo(block, 5);
    expect(values[46]?.[3]).toEqual([0, 0, 0]);
    tf.dispose([frame, input]);
  });

  it("learns from a synthetic photo's pose: a cell is on the phone when its centre is", () => {
    const photo = generateCameraPhoto(31, { label: "ok" });
    const { input, target } = finderExample(photo, 640);
    expect(input).toHaveLength(48 * 80 * 3);
    const on = Array.from({ length: 45 * 80 }, (_, cell) => isOnPhone(photo.pose, ((cell % 80) + 0.5) * 24, (Math.floor(cell / 80) + 0.5) * 24));
    expect(Array.from(target.subarray(0, 45 * 80), (t) => t === 1)).toEqual(on);
    expect(target.subarray(45 * 80).every((t) => t === 0)).toBe(true);
    // The phone fills 25-70% of the frame.
    expect(on.filter(Boolean).length / on.length).toBeGreaterThan(0.1);
  });
});

describe("a finder's agreement with the poses", () => {
  it("is counted over the frame's own cells, not the padding below them", async () => {
    const example = finderExample(generateCameraPhoto(32, { label: "ok" }), 640);
    const onPhone = Array.from(example.target.subarray(0, 45 * 80)).filter((t) => t === 1).length / (45 * 80);
    // A finder that calls every cell the phone agrees exactly on the phone's share of the frame.
    expect(await finderAgreement(constantFinder(10), [example], finderShape(360, 640))).toBeCloseTo(onPhone, 10);
  });
});

describe("phone masks", () => {
  it("count every patch when the finder finds no phone, and the phone's when it finds one", () => {
    const frames = tf.zeros([2, 360, 640, 3]) as tf.Tensor4D;
    for (const logit of [-10, 10]) {
      const mask = phoneMasks(constantFinder(logit), frames, 45, 80);
      expect(mask.shape).toEqual([2, 45, 80, 1]);
      expect(mask.min().arraySync()).toBe(1);
      mask.dispose();
    }
    // On another grid, the finder's cells are taken nearest to each patch.
    const coarse = phoneMasks(constantFinder(10), frames, 9, 16);
    expect(coarse.shape).toEqual([2, 9, 16, 1]);
    frames.dispose();
  });
});

describe("a camera version with a phone finder", () => {
  it("refuses to run without its finder", () => {
    expect(() => DefectModel.fromModel(buildCameraModel(6, 3), metadata)).toThrow(/finder\.json/);
  });

  it(
    "scores each class by its most suspicious patch on the phone, in the browser's path and in evaluation's alike, with the heatmap cold off it",
    async () => {
      const model = buildCameraModel(6, 3);
      // Untrained, seeded: it finds some patches and not others.
      const finder = buildPhoneFinder(48, 80, 5);
      const photo = generateCameraPhoto(22, { label: "scratch" });
      const prediction = await DefectModel.fromModel(model, metadata, finder).predict(photo);
      // The same from the patch logits and the finder's mask, computed apart.
      const frame = preprocessFrame(photo);
      const pixels = tf.tensor4d(frame.input, [1, frame.height, frame.width, 3]);
      const logits = ((withHeatmap(model).predict(pixels) as tf.Tensor[])[1] as tf.Tensor).dataSync();
      const onPhone = phoneMasks(finder, pixels, 45, 80).dataSync();
      const counted = countedCells(45, 80, null, onPhone) as boolean[];
      const share = counted.filter(Boolean).length / counted.length;
      expect(share).toBeGreaterThan(0);
      expect(share).toBeLessThan(1);
      metadata.classes.forEach((name, k) => {
        const best = Math.max(...counted.flatMap((yes, cell) => (yes ? [logits[cell * 6 + k] as number] : [])));
        expect(prediction.scores[name]).toBeCloseTo(1 / (1 + Math.exp(-best)), 5);
      });
      // A heatmap cell is cold when no patch under it is on the phone.
      const cellOf = (patch: number) => Math.floor(((Math.floor(patch / 80) + 0.5) * 32) / 45) * 32 + Math.floor((((patch % 80) + 0.5) * 32) / 80);
      const warmable = new Set(counted.flatMap((yes, patch) => (yes ? [cellOf(patch)] : [])));
      prediction.heatmap.forEach((heat, cell) => {
        if (!warmable.has(cell)) expect(heat).toBe(0);
      });
      const [scored] = await scoreExamples(model, [wholeFrameExample(photo, "scratch")], 128, finder);
      expect(scored?.map((p) => Math.round(p * 1e5))).toEqual(Object.values(prediction.scores).map((p) => Math.round(p * 1e5)));
      pixels.dispose();
    },
    FRAME_TIMEOUT_MS,
  );
});

describe("training a phone finder", () => {
  it(
    "lowers its loss, and gives the same weights for the same seed and photos",
    async () => {
      // The backend a training runs on (the cpu backend's convolution gradients take minutes here).
      await useTrainingBackend();
      const examples = [0, 1, 2, 3].flatMap((i) => {
        const example = finderExample(generateCameraPhoto(40 + i, { label: "ok" }), 640);
        return [example, example, example, example];
      });
      const options = { photos: examples.length, epochs: 3, seed: 9, saturation: [0.5, 2.5] as const, learningRate: 0.003 };
      const first = await trainPhoneFinder(examples, { rows: 48, columns: 80 }, options, () => {});
      const again = await trainPhoneFinder(examples, { rows: 48, columns: 80 }, options, () => {});
      expect(first.losses).toHaveLength(3);
      expect(first.losses.at(-1)).toBeLessThan(first.losses[0] as number);
      expect(again.losses).toEqual(first.losses);
      const weights = (finder: tf.LayersModel) => finder.getWeights().map((w) => Array.from(w.dataSync()));
      expect(weights(again.finder)).toEqual(weights(first.finder));
    },
    FRAME_TIMEOUT_MS,
  );
});
