import type * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { synthPhotos, toExample } from "./dataset.ts";
import { buildDefectModel } from "../architecture.ts";
import { Random } from "../../synth/index.ts";
import { epochBatches, learningRateAt, startFrom, trainDefectModel } from "./train.ts";

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

  it("gives the event loop a turn after every batch: a frame pool's replies and a cancel are not kept waiting", async () => {
    let turns = 0;
    let training = true;
    const turn = () => {
      turns++;
      if (training) setImmediate(turn);
    };
    setImmediate(turn);
    const turnsAtBatch: number[] = [];
    const { model } = await trainDefectModel(photos.slice(0, 16), photos.slice(16), {
      classes,
      epochs: 1,
      batchSize: 2,
      learningRate: 0.003,
      patience: 5,
      seed: 3,
      log: () => undefined,
      progress: async () => {
        turnsAtBatch.push(turns);
      },
    }).finally(() => (training = false));
    model.dispose();
    expect(turnsAtBatch).toHaveLength(8);
    for (let b = 1; b < turnsAtBatch.length; b++) expect(turnsAtBatch[b]).toBeGreaterThan(turnsAtBatch[b - 1] as number);
  }, 60_000);
});

describe("trainDefectModel, new classes only", () => {
  const photos = [...synthPhotos(9, 24)].map(toExample);
  const column = (kernel: unknown, i: number) => (kernel as number[][][][])[0]![0]!.map((row) => row[i]);
  const options = (initFrom: { model: tf.LayersModel; classes: readonly string[] }, newClassesOnly: boolean) => ({
    classes: ["scratch", "crack", "dent"],
    epochs: 2,
    batchSize: 8,
    learningRate: 0.01,
    patience: 5,
    seed: 5,
    initFrom,
    newClassesOnly,
    log: () => undefined,
  });

  it("learns the class the starting version lacks and leaves every other weight as it was", async () => {
    const base = buildDefectModel(2, 1);
    const before = await Promise.all(base.getWeights().map((w) => w.array()));
    // Where the new column starts: startFrom on a model built with the training's seed.
    const start = buildDefectModel(3, 5);
    startFrom(start, ["scratch", "crack", "dent"], { model: base, classes: ["scratch", "crack"] });
    const fresh = await Promise.all(start.getWeights().map((w) => w.array()));
    const { model } = await trainDefectModel(photos.slice(0, 18), photos.slice(18), options({ model: base, classes: ["scratch", "crack"] }, true));
    const after = await Promise.all(model.getWeights().map((w) => w.array()));
    expect(after.slice(0, 8)).toEqual(before.slice(0, 8));
    expect([column(after[8], 0), column(after[8], 1)]).toEqual([column(before[8], 0), column(before[8], 1)]);
    expect((after[9] as number[]).slice(0, 2)).toEqual(before[9]);
    expect(column(after[8], 2)).not.toEqual(column(fresh[8], 2));
    expect((after[9] as number[])[2]).not.toEqual((fresh[9] as number[])[2]);

    // Trained whole instead, the same start moves the layers below too.
    const whole = await trainDefectModel(photos.slice(0, 18), photos.slice(18), options({ model: base, classes: ["scratch", "crack"] }, false));
    expect((await whole.model.getWeights()[0]!.array()) as unknown).not.toEqual(before[0]);
    [base, start, model, whole.model].forEach((m) => m.dispose());
  }, 60_000);

  it("refuses when the starting version knows every class", async () => {
    const base = buildDefectModel(3, 1);
    await expect(
      trainDefectModel(photos.slice(0, 18), photos.slice(18), options({ model: base, classes: ["scratch", "crack", "dent"] }, true)),
    ).rejects.toThrow(/no new class to learn/);
    base.dispose();
  });
});

describe("startFrom", () => {
  it("keeps what a version learned to see and each class it knows; a class it does not know starts fresh", async () => {
    const trained = buildDefectModel(3, 1);
    const adapted = buildDefectModel(4, 2);
    const fresh = await Promise.all(adapted.getWeights().map((w) => w.array()));
    startFrom(adapted, ["crack", "scratch", "oil", "dent"], { model: trained, classes: ["scratch", "crack", "dent"] });
    const before = await Promise.all(trained.getWeights().map((w) => w.array()));
    const after = await Promise.all(adapted.getWeights().map((w) => w.array()));
    // Every convolution below the last layer is the trained one.
    expect(after.slice(0, 8)).toEqual(before.slice(0, 8));
    // The last layer, column by column: crack <- 1, scratch <- 0, oil fresh, dent <- 2.
    const column = (kernel: unknown, i: number) => (kernel as number[][][][])[0]![0]!.map((row) => row[i]);
    expect(column(after[8], 0)).toEqual(column(before[8], 1));
    expect(column(after[8], 1)).toEqual(column(before[8], 0));
    expect(column(after[8], 2)).toEqual(column(fresh[8], 2));
    expect(column(after[8], 3)).toEqual(column(before[8], 2));
    expect(after[9]).toEqual([(before[9] as number[])[1], (before[9] as number[])[0], (fresh[9] as number[])[2], (before[9] as number[])[2]]);
    trained.dispose();
    adapted.dispose();
  });
});

describe("epochBatches", () => {
  const example = (shape?: [number, number, number]) => ({ input: new Float32Array(0), label: "ok", statistics: {} as never, ...(shape ? { shape } : {}) });

  it("cuts the order in turn when every example has one shape, drawing nothing", () => {
    const random = new Random(1);
    const before = random.next();
    const again = new Random(1);
    expect(
      epochBatches(
        [3, 0, 2, 1, 4],
        Array.from({ length: 5 }, () => example()),
        2,
        again,
      ),
    ).toEqual([[3, 0], [2, 1], [4]]);
    expect(again.next()).toBe(before);
  });

  it("never mixes shapes in a batch: crops and whole frames train together in batches of their own", () => {
    const examples = [example([96, 96, 3]), example([360, 640, 3]), example([96, 96, 3]), example([360, 640, 3]), example([96, 96, 3])];
    const batches = epochBatches([0, 1, 2, 3, 4], examples, 2, new Random(3));
    expect(batches.flat().sort()).toEqual([0, 1, 2, 3, 4]);
    for (const batch of batches) expect(new Set(batch.map((i) => examples[i]!.shape!.join("x"))).size).toBe(1);
    expect(batches).toHaveLength(3);
  });
});
