import type * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { synthPhotos, toExample } from "./dataset.ts";
import { learningRateAt, trainDefectModel } from "./train.ts";

describe("learningRateAt", () => {
  it("is constant without a schedule", () => {
    expect(learningRateAt(1, { learningRate: 0.003, epochs: 10 })).toBe(0.003);
    expect(learningRateAt(10, { learningRate: 0.003, epochs: 10, cosineDecay: false })).toBe(0.003);
  });

  it("decays along a cosine from the rate to a tenth of it", () => {
    const options = { learningRate: 0.001, epochs: 9, cosineDecay: true };
    expect(learningRateAt(1, options)).toBeCloseTo(0.001, 12);
    expect(learningRateAt(5, options)).toBeCloseTo(0.00055, 12);
    expect(learningRateAt(9, options)).toBeCloseTo(0.0001, 12);
    const rates = Array.from({ length: 9 }, (_, i) => learningRateAt(i + 1, options));
    expect(rates.every((rate, i) => i === 0 || rate < (rates[i - 1] as number))).toBe(true);
  });

  it("keeps the rate for a single epoch", () => {
    expect(learningRateAt(1, { learningRate: 0.002, epochs: 1, cosineDecay: true })).toBe(0.002);
  });
});

describe("trainDefectModel", () => {
  const classes = ["scratch", "crack", "dent"];
  const photos = [...synthPhotos(7, 20)].map(toExample);
  const train = (seed: number) =>
    trainDefectModel(photos.slice(0, 16), photos.slice(16), { classes, epochs: 2, batchSize: 8, learningRate: 0.003, patience: 5, seed, log: () => undefined });
  const weightsOf = async (model: tf.LayersModel) => Promise.all(model.getWeights().map(async (w) => Array.from(await w.data())));

  it("is reproducible: the same seed and data give the same weights, bit for bit; another seed does not", async () => {
    const first = await train(11);
    const again = await train(11);
    const other = await train(12);
    expect(again.history.map((e) => e.trainLoss)).toEqual(first.history.map((e) => e.trainLoss));
    expect(await weightsOf(again.model)).toEqual(await weightsOf(first.model));
    expect(await weightsOf(other.model)).not.toEqual(await weightsOf(first.model));
    [first, again, other].forEach(({ model }) => model.dispose());
  }, 60_000);
});
