import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { buildPhoneFinder, FINDER_POOL, finderInput, finderShape, PHONE_PROBABILITY } from "../finder.ts";
import type { FinderMetadata } from "../metadata.ts";
import { modelDir } from "../model-dir.ts";
import { FRAME_INPUT_WIDTH, frameSize, preprocessFrame } from "../preprocess.ts";
import { CAMERA_HEIGHT, CAMERA_WIDTH, isOnPhone, type CameraPhoto, type PresetName, Random } from "../../synth/index.ts";
import { artifactFiles, readMetadata, saveModel } from "./artifacts.ts";
import { CAMERA_DATA, finishCameraVersion, isCameraRequest, type ReportSet, SHIFT_TEST_PHOTOS } from "./camera.ts";
import { colourTurnsOf, colourTurnsRecord, SATURATION_TURNS, turnColours } from "./camera-data.ts";
import { CameraFramePool } from "./camera-frames.ts";
import { TrainingRefused, type TrainingHooks, type TrainingOutcome, type TrainingRequest } from "./pipeline.ts";
import { useTrainingBackend } from "./train.ts";

// Training a camera version's phone finder (lib/model/finder.ts) on
// synthetic camera photos, whose poses say where the phone is. The phones
// of the synthetic line come in five colours under its own lamps: most
// photos have their colours turned to a random hue and colourfulness, and
// half are mirrored, so that a phone of another colour on another bench is
// still found.

export interface FinderTraining {
  photos: number;
  epochs: number;
  seed: number;
  /** How far turned photos' colours move from grey (as --saturation-turns turns the camera model's crops). */
  saturation: readonly [number, number];
  learningRate: number;
}

/** v10's finder recipe: what `npm run train -- --find-phone` trains unless told otherwise. */
export const FINDER_TRAINING = { photos: 1200, epochs: 12, learningRate: 0.003 } as const;
/** Photos to a step. */
const BATCH = 16;
/** The share of training photos shown with their colours turned. */
const TURNED = 0.7;

/** One training photo for the finder: its shrunk frame and, per cell, 1 on the phone. */
export interface FinderExample {
  input: Float32Array;
  target: Float32Array;
}

/** The finder's input and target for a synthetic photo: the cell is on the phone when its centre is. */
export function finderExample(photo: CameraPhoto, inputWidth: number): FinderExample {
  const frame = preprocessFrame(photo, inputWidth);
  const { rows, columns, cells } = finderShape(frame.height, frame.width);
  const input = tf.tidy(() => finderInput(tf.tensor4d(frame.input, [1, frame.height, frame.width, 3])).dataSync() as Float32Array);
  const target = new Float32Array(rows * columns);
  for (let r = 0; r < cells[0]; r++) {
    for (let c = 0; c < cells[1]; c++) {
      const x = ((c + 0.5) * FINDER_POOL * photo.width) / frame.width;
      const y = ((r + 0.5) * FINDER_POOL * photo.height) / frame.height;
      target[r * columns + c] = isOnPhone(photo.pose, x, y) ? 1 : 0;
    }
  }
  return { input, target };
}

/** Mirrored left to right: the shrunk frame (3 channels) and its target (1). */
function mirrored(example: FinderExample, columns: number): FinderExample {
  const flip = (values: Float32Array, channels: number) => {
    const out = new Float32Array(values.length);
    const rows = values.length / (columns * channels);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < columns; c++)
        for (let k = 0; k < channels; k++) out[(r * columns + c) * channels + k] = values[(r * columns + columns - 1 - c) * channels + k] as number;
    return out;
  };
  return { input: flip(example.input, 3), target: flip(example.target, 1) };
}

/** How well a finder finds phones: the share of the frame's cells (not the padding) it calls as the pose does. */
export async function finderAgreement(
  finder: tf.LayersModel,
  examples: readonly FinderExample[],
  shape: { rows: number; columns: number; cells: [number, number] },
): Promise<number> {
  const { rows, columns, cells } = shape;
  let agree = 0;
  for (const example of examples) {
    const probabilities = tf.tidy(() => tf.sigmoid(finder.predict(tf.tensor4d(example.input, [1, rows, columns, 3])) as tf.Tensor).dataSync());
    for (let r = 0; r < cells[0]; r++) {
      for (let c = 0; c < cells[1]; c++) {
        const cell = r * columns + c;
        if ((probabilities[cell] as number) >= PHONE_PROBABILITY === (example.target[cell] as number) > 0.5) agree++;
      }
    }
  }
  return agree / (examples.length * cells[0] * cells[1]);
}

/** Trains a finder on these photos' shrunk frames (Adam, sigmoid cross-entropy per cell); the same seed and photos give the same weights. */
export async function trainPhoneFinder(
  examples: readonly FinderExample[],
  shape: { rows: number; columns: number },
  options: FinderTraining,
  log: (line: string) => void,
): Promise<{ finder: tf.LayersModel; losses: number[] }> {
  const { rows, columns } = shape;
  const finder = buildPhoneFinder(rows, columns, options.seed);
  const optimizer = tf.train.adam(options.learningRate);
  const random = new Random(options.seed ^ 0xf1d);
  const [low, high] = options.saturation.map(Math.log) as [number, number];
  const losses: number[] = [];
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const order = random.shuffle(examples.map((_, i) => i));
    let total = 0;
    let steps = 0;
    for (let start = 0; start + BATCH <= order.length; start += BATCH) {
      const inputs = new Float32Array(BATCH * rows * columns * 3);
      const targets = new Float32Array(BATCH * rows * columns);
      for (let k = 0; k < BATCH; k++) {
        let example = examples[order[start + k] as number] as FinderExample;
        if (random.chance(TURNED)) {
          example = { input: turnColours(example.input, random.between(0, 2 * Math.PI), Math.exp(random.between(low, high))), target: example.target };
        }
        if (random.chance(0.5)) example = mirrored(example, columns);
        inputs.set(example.input, k * rows * columns * 3);
        targets.set(example.target, k * rows * columns);
      }
      const loss = tf.tidy(() => {
        const x = tf.tensor4d(inputs, [BATCH, rows, columns, 3]);
        const y = tf.tensor4d(targets, [BATCH, rows, columns, 1]);
        return optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(y, finder.apply(x) as tf.Tensor) as tf.Scalar, true) as tf.Scalar;
      });
      total += (await loss.data())[0] as number;
      loss.dispose();
      steps++;
    }
    losses.push(total / Math.max(1, steps));
    log(`finder epoch ${epoch + 1} of ${options.epochs}: loss ${(losses.at(-1) as number).toFixed(4)}`);
  }
  optimizer.dispose();
  return { finder, losses };
}

/** Fresh photos the finder's agreement with the poses is measured on. */
const AGREEMENT_PHOTOS = 200;

/**
 * A camera version that finds the phone (`npm run train -- --data
 * camera-synth --init-from <camera version> --find-phone`): the starting
 * version's network and weights exactly, and a phone finder trained beside
 * them on fresh synthetic photos; its operating threshold is placed again
 * and every report scored anew, since counting only the phone changes what
 * an ok photo scores.
 */
export async function findPhoneVersion(request: TrainingRequest, hooks: TrainingHooks): Promise<TrainingOutcome> {
  const from = request.initFrom;
  if (!from || !isCameraRequest({ data: "", initFrom: from }))
    throw new TrainingRefused("--find-phone trains a phone finder for a camera version: --init-from <camera version>");
  if (request.data !== CAMERA_DATA)
    throw new TrainingRefused(`--find-phone trains on synthetic camera photos, whose poses say where the phone is: --data ${CAMERA_DATA}`);
  const { log, dir } = hooks;
  const started = Date.now();
  const fromMetadata = readMetadata(modelDir(from));
  const inputWidth = fromMetadata.input?.width ?? FRAME_INPUT_WIDTH;
  const pool = new CameraFramePool();
  try {
    await useTrainingBackend();
    const examples = async (seed: number, count: number) => {
      const made: FinderExample[] = [];
      for await (const photo of pool.photos(seed, count)) made.push(finderExample(photo, inputWidth));
      return made;
    };
    log(`making ${request.photos} camera photos for the phone finder (seed ${request.seed + 2000})`);
    const train = await examples(request.seed + 2000, request.photos);
    const frame = frameSize({ width: CAMERA_WIDTH, height: CAMERA_HEIGHT }, inputWidth);
    const shape = finderShape(frame.height, frame.width);
    const options = { photos: request.photos, epochs: request.epochs, seed: request.seed, saturation: SATURATION_TURNS, learningRate: request.learningRate };
    const { finder, losses } = await trainPhoneFinder(train, shape, options, log);
    const agreement = await finderAgreement(finder, await examples(request.seed + 2500, AGREEMENT_PHOTOS), shape);
    log(`the finder calls ${(100 * agreement).toFixed(1)}% of the patches of ${AGREEMENT_PHOTOS} fresh photos as their poses do`);
    fs.mkdirSync(dir, { recursive: true });
    for (const file of artifactFiles({})) fs.copyFileSync(path.join(modelDir(from), file), path.join(dir, file));
    await saveModel(finder, dir, "finder");
    const parameters = finder.countParams();
    finder.dispose();
    const seconds = Math.round((Date.now() - started) / 1000);
    const finderMetadata: FinderMetadata = {
      file: "finder.json",
      training: {
        ...options,
        photoSeed: request.seed + 2000,
        losses,
        agreement,
        agreementPhotos: AGREEMENT_PHOTOS,
        parameters,
        seconds,
      },
    };
    const fresh = (preset: PresetName, count: number): ReportSet => ({
      name: `fresh camera test set, ${preset} lighting`,
      photos: () => pool.photos(request.seed + 1000, count, { preset }),
    });
    return await finishCameraVersion(
      {
        request,
        hooks,
        classes: fromMetadata.classes,
        train: [],
        reference: fromMetadata.reference,
        finder: finderMetadata,
        history: [],
        parameters: (fromMetadata.training.parameters as number) + parameters,
        seconds,
        backend: tf.getBackend(),
        data: { data: CAMERA_DATA, network: from, ...colourTurnsRecord(colourTurnsOf(fromMetadata)), finder: finderMetadata.training },
        description: [
          `${from}'s camera model, its network and weights unchanged, with a phone finder (lib/model/finder.ts): a class's score is its most suspicious patch on the phone, not on the bench around it.`,
          `The finder (${parameters} parameters) sees the frame shrunk eight times and says, for every patch, whether it lies on the phone; trained for ${request.epochs} epochs on ${request.photos} synthetic camera photos (seed ${request.seed + 2000}), most with their colours turned (0.5 to 2.5 times as vivid) and half mirrored, in ${seconds} s with photo making. On ${AGREEMENT_PHOTOS} fresh photos it calls ${(100 * agreement).toFixed(1)}% of the patches as their poses do.`,
          `The operating threshold is placed again: with the bench no longer counted, ok photos score lower.`,
        ],
      },
      { name: `calibration set (fresh camera photos, seed ${request.seed + 500})`, photos: () => pool.photos(request.seed + 500, request.calibrationPhotos) },
      [fresh("normal", request.testPhotos), fresh("lighting-shift", Math.min(request.testPhotos, SHIFT_TEST_PHOTOS))],
      [],
    );
  } finally {
    await pool.close();
  }
}
