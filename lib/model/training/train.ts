import * as tf from "@tensorflow/tfjs";
import { buildDefectModel, PATCH_LOGITS_LAYER, withHeatmap } from "../architecture.ts";
import { balancedWeights, type Example, HEATMAP_SIZE, inputShape, patchTargets, stackInputs, targets } from "./dataset.ts";
import { installFastConvBackprop } from "./fast-conv-backprop.ts";
import { installWasmConvGradients } from "./wasm-conv-gradients.ts";
import { chooseBackend } from "../inference.ts";
import { WASM_FILES_DIR } from "../model-dir.ts";
import { phoneMasks } from "../finder.ts";
import { countedCells } from "../region.ts";
import { Random } from "../../synth/index.ts";

export interface TrainOptions {
  classes: readonly string[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Epochs without a better validation loss before stopping. */
  patience: number;
  seed: number;
  /** Cosine decay of the learning rate from `learningRate` to a tenth of it over `epochs`. */
  cosineDecay?: boolean;
  /**
   * Start from a trained version (fine-tuning) instead of fresh weights. Its
   * classes may differ: each class it knows keeps its weights in the last
   * layer, a class it does not know starts fresh there, and the layers below
   * (what the model has learned to see) are kept whole.
   */
  initFrom?: { model: tf.LayersModel; classes: readonly string[] };
  /**
   * With `initFrom`: learn only the classes it does not know (their columns of
   * the last layer); every other weight stays the starting version's, so what
   * it scores for its own classes is unchanged.
   */
  newClassesOnly?: boolean;
  /** The architecture (default: the square 64x64 grey model). */
  build?: (defectClasses: number, seed?: number) => tf.LayersModel;
  log: (line: string) => void;
  /** Called after every batch; may throw (a cancelled run) to stop training there. */
  progress?: (progress: TrainingProgress) => Promise<void>;
}

/** Where a training run is: epoch (1-based) of the most, and batches done in it. */
export interface TrainingProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
}

/** The learning rate of a 1-based epoch: constant, or cosine-decayed to lr/10 by the last epoch. */
export function learningRateAt(epoch: number, options: Pick<TrainOptions, "learningRate" | "epochs" | "cosineDecay">): number {
  if (!options.cosineDecay || options.epochs <= 1) return options.learningRate;
  const progress = (epoch - 1) / (options.epochs - 1);
  const floor = options.learningRate / 10;
  return floor + ((options.learningRate - floor) * (1 + Math.cos(Math.PI * progress))) / 2;
}

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  validationLoss: number;
  seconds: number;
  learningRate?: number;
}

/** Class-weighted binary cross-entropy per defect class, averaged over the batch. */
function weightedLoss(probabilities: tf.Tensor, y: tf.Tensor, weights: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const p = probabilities.clipByValue(1e-6, 1 - 1e-6);
    const bce = y
      .mul(p.log())
      .add(tf.scalar(1).sub(y).mul(tf.scalar(1).sub(p).log()))
      .neg()
      .sum(1);
    return bce.mul(weights).mean() as tf.Scalar;
  });
}

/**
 * Where defect masks are known (synthetic photos), every patch is supervised:
 * far more signal per photo than the photo's label alone, and a heatmap that
 * points at the defect. Defect patches are rare, so they weigh more.
 */
const POSITIVE_PATCH_WEIGHT = 8;

function patchLoss(patchLogits: tf.Tensor, patchY: tf.Tensor, known: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const perPatch = tf.losses.sigmoidCrossEntropy(patchY, patchLogits, undefined, 0, tf.Reduction.NONE);
    const weights = patchY.mul(POSITIVE_PATCH_WEIGHT - 1).add(1);
    const perPhoto = perPatch.mul(weights).mean([1, 2, 3]);
    return perPhoto.mul(known).sum().div(known.sum().add(1e-6)) as tf.Scalar;
  });
}

function batchTensors(examples: readonly Example[], classes: readonly string[]) {
  const n = examples.length;
  const patches = patchTargets(examples, classes);
  const [rows, columns] = examples[0]?.patchShape ?? [HEATMAP_SIZE, HEATMAP_SIZE];
  return {
    x: tf.tensor4d(stackInputs(examples), [n, ...inputShape(examples[0] ?? {})]),
    y: tf.tensor2d(targets(examples, classes), [n, classes.length]),
    w: tf.tensor1d(balancedWeights(examples)),
    patchY: tf.tensor4d(patches.targets, [n, rows, columns, classes.length]),
    known: tf.tensor1d(patches.known),
  };
}

export async function evaluateLoss(model: tf.LayersModel, examples: readonly Example[], classes: readonly string[], batchSize = 128): Promise<number> {
  let total = 0;
  const weights = balancedWeights(examples);
  // Examples of one shape per batch (a camera model's crops and whole frames differ).
  for (const group of groupsByShape(
    examples.map((_, i) => i),
    examples,
  )) {
    for (let start = 0; start < group.length; start += batchSize) {
      const indices = group.slice(start, start + batchSize);
      const batch = indices.map((i) => examples[i] as Example);
      const loss = tf.tidy(() => {
        const { x, y } = batchTensors(batch, classes);
        const w = tf.tensor1d(indices.map((i) => weights[i] as number));
        return weightedLoss(model.predict(x) as tf.Tensor, y, w);
      });
      total += (await loss.data())[0]! * batch.length;
      loss.dispose();
    }
  }
  return total / examples.length;
}

/** Indices grouped by their example's input shape, each group in the order given. */
function groupsByShape(indices: readonly number[], examples: readonly Example[]): number[][] {
  const groups = new Map<string, number[]>();
  for (const i of indices) {
    const key = inputShape(examples[i] as Example).join("x");
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  return [...groups.values()];
}

/**
 * One epoch's batches: the shuffled order cut into batches, each of one input
 * shape. With one shape (the square model) that is the order cut in turn;
 * with several, each shape's batches are cut apart and the batches shuffled.
 */
export function epochBatches(order: readonly number[], examples: readonly Example[], batchSize: number, random: Random): number[][] {
  const batches = groupsByShape(order, examples).flatMap((group) =>
    Array.from({ length: Math.ceil(group.length / batchSize) }, (_, b) => group.slice(b * batchSize, (b + 1) * batchSize)),
  );
  if (batches.length > 0 && new Set(batches.map((batch) => inputShape(examples[batch[0] as number] as Example).join("x"))).size > 1) {
    random.shuffle(batches);
  }
  return batches;
}

/**
 * The backend training runs on: wasm with the convolution gradients it lacks
 * (about ten times faster, `npm run bench:train-step`), else tfjs's pure-JS
 * cpu backend with its faster filter gradient.
 */
export async function useTrainingBackend(): Promise<"wasm" | "cpu"> {
  await installWasmConvGradients();
  installFastConvBackprop();
  const backend = await chooseBackend(["wasm", "cpu"], WASM_FILES_DIR);
  tf.enableProdMode();
  return backend === "wasm" ? "wasm" : "cpu";
}

/**
 * Trains the patch-scoring defect model with Adam, shuffled mini-batches,
 * class weighting and early stopping on the validation loss; returns the
 * model with its best weights.
 */
export async function trainDefectModel(
  train: readonly Example[],
  validation: readonly Example[],
  options: TrainOptions,
): Promise<{ model: tf.LayersModel; history: EpochRecord[] }> {
  await useTrainingBackend();
  const random = new Random(options.seed);
  const model = (options.build ?? buildDefectModel)(options.classes.length, options.seed);
  if (options.initFrom) startFrom(model, options.classes, options.initFrom);
  const trainable = withHeatmap(model);
  const optimizer = tf.train.adam(options.learningRate);
  const onlyNew = options.newClassesOnly ? newClassColumns(model, options) : null;
  // tfjs's AdamOptimizer reads its (protected) learningRate on every step and has
  // no schedule of its own; setting it per epoch keeps the moment estimates.
  const setLearningRate = (rate: number) => {
    (optimizer as unknown as { learningRate: number }).learningRate = rate;
  };
  const history: EpochRecord[] = [];
  let best = { loss: Infinity, weights: model.getWeights().map((w) => w.clone()), epoch: 0 };
  const order = train.map((_, i) => i);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const started = Date.now();
    setLearningRate(learningRateAt(epoch, options));
    random.shuffle(order);
    let trainLoss = 0;
    const batches = epochBatches(order, train, options.batchSize, random);
    for (const [b, indices] of batches.entries()) {
      const batch = indices.map((i) => train[i] as Example);
      const { x, y, w, patchY, known } = batchTensors(batch, options.classes);
      const batchLoss = () => {
        const [scores, patchLogits] = trainable.apply(x, { training: true }) as tf.Tensor[];
        return weightedLoss(scores as tf.Tensor, y, w).add(patchLoss(patchLogits as tf.Tensor, patchY, known)) as tf.Scalar;
      };
      const loss = onlyNew ? stepOnColumns(optimizer, batchLoss, onlyNew) : optimizer.minimize(batchLoss, true);
      trainLoss += (loss ? (await loss.data())[0]! : 0) * batch.length;
      loss?.dispose();
      tf.dispose([x, y, w, patchY, known]);
      // A turn of the event loop per batch (wasm's data() settles at once): a frame pool's replies, a heartbeat, a cancel arriving in this process are not starved.
      await new Promise((resolve) => setImmediate(resolve));
      if (options.progress) {
        try {
          await options.progress({ epoch, epochs: options.epochs, batch: b + 1, batches: batches.length });
        } catch (error) {
          model.dispose();
          best.weights.forEach((weights) => weights.dispose());
          onlyNew?.mask.dispose();
          throw error;
        }
      }
    }
    trainLoss /= order.length;
    const validationLoss = await evaluateLoss(model, validation, options.classes);
    const record = { epoch, trainLoss, validationLoss, seconds: (Date.now() - started) / 1000, learningRate: learningRateAt(epoch, options) };
    history.push(record);
    options.log(
      `epoch ${epoch}: train loss ${trainLoss.toFixed(4)}, validation loss ${validationLoss.toFixed(4)}, learning rate ${record.learningRate.toPrecision(3)} (${record.seconds.toFixed(0)} s)`,
    );
    if (validationLoss < best.loss) {
      best.weights.forEach((w) => w.dispose());
      best = { loss: validationLoss, weights: model.getWeights().map((w) => w.clone()), epoch };
    } else if (epoch - best.epoch >= options.patience) {
      options.log(`early stop: no better validation loss since epoch ${best.epoch}`);
      break;
    }
  }
  onlyNew?.mask.dispose();
  model.setWeights(best.weights);
  best.weights.forEach((w) => w.dispose());
  return { model, history };
}

/** The last layer's weights, and a mask of the columns (classes) a training may change. */
interface Columns {
  variables: tf.Variable[];
  mask: tf.Tensor1D;
}

/** The columns of the classes `initFrom` does not know; refuses when it knows them all. */
function newClassColumns(model: tf.LayersModel, options: TrainOptions): Columns {
  const known = options.initFrom?.classes;
  if (!known) throw new Error("learning only the new classes needs a version to start from");
  const isNew = options.classes.map((name) => (known.includes(name) ? 0 : 1));
  if (!isNew.includes(1)) throw new Error(`every class here (${options.classes.join(", ")}) is known to the starting version: there is no new class to learn`);
  // LayerVariable.read() is the tf.Variable itself, typed as a plain Tensor.
  const variables = model.getLayer(PATCH_LOGITS_LAYER).trainableWeights.map((weight) => weight.read() as tf.Variable);
  return { variables, mask: tf.tensor1d(isNew) };
}

/**
 * One optimiser step on the given columns alone: gradients of the last layer
 * only (the layers below are not even differentiated), the other columns'
 * masked to zero. Each class's loss is its own (sigmoid, summed), so the new
 * columns learn exactly as they would beside columns being trained.
 */
function stepOnColumns(optimizer: tf.Optimizer, loss: () => tf.Scalar, columns: Columns): tf.Scalar {
  const { value, grads } = optimizer.computeGradients(loss, columns.variables);
  const masked = tf.tidy(() => Object.fromEntries(Object.entries(grads).map(([name, grad]) => [name, grad.mul(columns.mask)])));
  optimizer.applyGradients(masked);
  tf.dispose([...Object.values(grads), ...Object.values(masked)]);
  return value;
}

/** Copies a trained version's weights into `model`, class by class in the last layer. */
export function startFrom(model: tf.LayersModel, classes: readonly string[], from: { model: tf.LayersModel; classes: readonly string[] }): void {
  for (const layer of model.layers) {
    const source = from.model.getLayer(layer.name);
    if (layer.name !== PATCH_LOGITS_LAYER) {
      layer.setWeights(source.getWeights());
      continue;
    }
    const [freshKernel, freshBias] = layer.getWeights() as [tf.Tensor, tf.Tensor];
    const [oldKernel, oldBias] = source.getWeights() as [tf.Tensor, tf.Tensor];
    const pick = (fresh: tf.Tensor, old: tf.Tensor) =>
      tf.tidy(() => {
        const axis = fresh.rank - 1;
        const columns = classes.map((name, i) => {
          const known = from.classes.indexOf(name);
          return known >= 0 ? tf.gather(old, [known], axis) : tf.gather(fresh, [i], axis);
        });
        return tf.concat(columns, axis);
      });
    layer.setWeights([pick(freshKernel, oldKernel), pick(freshBias, oldBias)]);
  }
}

/**
 * Per-class probabilities for each example, in batches, as
 * DefectModel.predict scores its station's photos: with a version's phone
 * finder, each class by its most suspicious patch on the phone; with a
 * region of interest, inside the region (lib/model/region.ts's countedCells).
 */
export async function scoreExamples(
  model: tf.LayersModel,
  examples: readonly Example[],
  batchSize = 128,
  finder: tf.LayersModel | null = null,
): Promise<number[][]> {
  const out: number[][] = new Array(examples.length);
  let withPatches: tf.LayersModel | null = null;
  for (const group of groupsByShape(
    examples.map((_, i) => i),
    examples,
  )) {
    // A whole camera frame is 700k numbers: fewer of them to a batch.
    const size = Math.max(1, Math.min(batchSize, Math.floor(4_000_000 / (examples[group[0] as number]?.input.length ?? 1))));
    for (let start = 0; start < group.length; start += size) {
      const indices = group.slice(start, start + size);
      const batch = indices.map((i) => examples[i] as Example);
      const input = tf.tensor4d(stackInputs(batch), [batch.length, ...inputShape(batch[0] ?? {})]);
      if (finder || batch.some((example) => example.region)) {
        withPatches ??= withHeatmap(model);
        const [probabilities, logits] = (withPatches as tf.LayersModel).predict(input) as [tf.Tensor, tf.Tensor4D];
        const [, rows = 0, columns = 0, classes = 0] = logits.shape;
        const phone = finder ? phoneMasks(finder, input, rows, columns) : null;
        const [whole, patchLogits, onPhone] = await Promise.all([probabilities.array() as Promise<number[][]>, logits.data(), phone?.data() ?? null]);
        tf.dispose([input, probabilities, logits, ...(phone ? [phone] : [])]);
        const cells = rows * columns;
        batch.forEach((example, k) => {
          const counted = countedCells(rows, columns, example.region ?? null, onPhone ? onPhone.subarray(k * cells, (k + 1) * cells) : null);
          out[indices[k] as number] = counted
            ? scoresOf(patchLogits.subarray(k * cells * classes, (k + 1) * cells * classes), classes, counted)
            : (whole[k] as number[]);
        });
        continue;
      }
      const probabilities = tf.tidy(() => model.predict(input) as tf.Tensor);
      input.dispose();
      ((await probabilities.array()) as number[][]).forEach((scores, k) => {
        out[indices[k] as number] = scores;
      });
      probabilities.dispose();
    }
  }
  return out;
}

/** Each class's probability at its most suspicious counted patch (one example's patch logits, row-major). */
function scoresOf(logits: ArrayLike<number>, classes: number, counted: readonly boolean[]): number[] {
  const best = new Array<number>(classes).fill(-Infinity);
  counted.forEach((yes, cell) => {
    if (!yes) return;
    for (let k = 0; k < classes; k++) best[k] = Math.max(best[k] as number, logits[cell * classes + k] as number);
  });
  return best.map((logit) => 1 / (1 + Math.exp(-logit)));
}
