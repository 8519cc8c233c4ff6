import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { CAMERA_DEFECTS } from "../../synth/camera.ts";
import { Random } from "../../synth/random.ts";
import type { PresetName } from "../../synth/presets.ts";
import { buildCameraModel, withHeatmap } from "../architecture.ts";
import { squareHeatmap } from "../heatmap.ts";
import { chooseThreshold, evaluate, type Evaluation, type ScoredPhoto, thresholdPromise } from "../evaluation.ts";
import { chooseBackend, DefectModel } from "../inference.ts";
import type { ModelMetadata } from "../metadata.ts";
import { modelDir, WASM_FILES_DIR } from "../model-dir.ts";
import { FRAME_INPUT_WIDTH, FRAME_PREPROCESSING, type PhotoPixels, type PreprocessedFrame } from "../preprocess.ts";
import { isCameraModel } from "../shipped.ts";
import { loadModel, readMetadata, referenceStatistics, saveModel, writeJson } from "./artifacts.ts";
import { type CameraFrame, cropsOfFrames, cropAround, CROP_SIZE, defectCropCentre, hardNegativeCrops, lineExamples, wholeFrameExample } from "./camera-data.ts";
import { CameraFramePool } from "./camera-frames.ts";
import { classesOfData, kFoldSplit, type LabelledPhoto, stratifiedSplit, type Example } from "./dataset.ts";
import {
  classesStartingFrom,
  evaluationSummaries,
  operatingPoint,
  thresholdWarningOf,
  TrainingRefused,
  trainOptions,
  trainVersion,
  type TrainingHooks,
  type TrainingOutcome,
  type TrainingRequest,
} from "./pipeline.ts";
import { evaluationMarkdown } from "./report.ts";
import { describeSource, loadLabelledPhotos } from "./sources.ts";
import { type EpochRecord, trainDefectModel, useTrainingBackend } from "./train.ts";

// The camera model (`npm run train -- --data camera-synth`): trained from
// scratch on crops of synthetic 1920x1080 photos with tfjs's wasm backend
// (given the convolution gradients it lacks, wasm-conv-gradients.ts), then
// run on whole photos, exactly as the browser runs it, with the same backend. Adapting it to a line (`--init-from` a
// camera version, `--data [synth+]db:<station>`) trains on the line's own
// labelled photos, with synthetic crops mixed in so it does not forget.

export const CAMERA_DATA = "camera-synth";

/** The heatmap's side: a 32x32 grid over the frame (60x34 pixels of a 1080p photo per cell). */
export const CAMERA_HEATMAP_SIZE = 32;

/** Photos of lighting-shift scored for its report: enough to see the drop, a third of the normal test's cost. */
const SHIFT_TEST_PHOTOS = 600;

export function cameraRegenerateCommand(request: TrainingRequest): string {
  return (
    `npm run train -- --version ${request.version} --data ${request.data} --photos ${request.photos} --seed ${request.seed} --epochs ${request.epochs} --batch ${request.batch}` +
    ` --learning-rate ${request.learningRate} --patience ${request.patience} --max-false-reject ${request.maxFalseReject} --calibration-photos ${request.calibrationPhotos}` +
    ` --test-photos ${request.testPhotos} --lr-schedule ${request.lrSchedule}` +
    (request.rounds ? ` --rounds ${request.rounds}` : "") +
    (request.initFrom
      ? ` --init-from ${request.initFrom} --holdout ${request.holdout}${request.folds ? ` --folds ${request.folds}` : ""}${request.data.startsWith("synth+") ? ` --synth-share ${request.synthShare}` : ""}`
      : "")
  );
}

/** Whether a request trains or adapts a camera model (else the square model's pipeline does it). */
export function isCameraRequest(request: Pick<TrainingRequest, "data" | "initFrom">): boolean {
  if (request.data === CAMERA_DATA) return true;
  return Boolean(
    request.initFrom && fs.existsSync(path.join(modelDir(request.initFrom), "metadata.json")) && isCameraModel(readMetadata(modelDir(request.initFrom))),
  );
}

/** Photos scored whole by a model, as the browser would score them. */
export async function scoreWhole(
  model: DefectModel,
  photos: Iterable<PhotoPixels & { label: string }> | AsyncIterable<PhotoPixels & { label: string }>,
  log: (line: string) => void,
  what: string,
): Promise<{ scored: ScoredPhoto[]; latencies: number[] }> {
  const scored: ScoredPhoto[] = [];
  const latencies: number[] = [];
  const classes = model.metadata.classes;
  for await (const photo of photos) {
    const prediction = await model.predict(photo);
    scored.push({ truth: photo.label, scores: classes.map((name) => prediction.scores[name] ?? 0) });
    latencies.push(prediction.latencyMs);
    if (scored.length % 250 === 0) log(`${what}: ${scored.length} photos scored`);
  }
  return { scored, latencies };
}

/** The shipped-format metadata of a camera version before its operating point is known. */
function provisionalMetadata(version: string, classes: string[], train: readonly Example[]): ModelMetadata {
  return {
    version,
    createdAt: new Date().toISOString(),
    classes,
    inputSize: FRAME_INPUT_WIDTH,
    input: { kind: "frame", width: FRAME_INPUT_WIDTH },
    preprocessing: FRAME_PREPROCESSING,
    heatmapSize: CAMERA_HEATMAP_SIZE,
    thresholds: { decision: 0.5, autoOk: 0.5, autoDefect: 0.5 },
    reference: referenceStatistics(train.map((e) => e.statistics)),
    training: {},
    evaluation: {},
  };
}

interface Trained {
  request: TrainingRequest;
  hooks: TrainingHooks;
  classes: string[];
  train: Example[];
  history: EpochRecord[];
  parameters: number;
  seconds: number;
  /** The tfjs backend it trained on. */
  backend: string;
  /** What the version trained on, for its metadata. */
  data: Record<string, unknown>;
  /** The first lines of EVALUATION.md. */
  description: string[];
}

/** Saves trained weights to the version's folder and says how long it took, start to finish. */
async function savedVersion(
  model: tf.LayersModel,
  run: Pick<Trained, "request" | "hooks" | "classes" | "train" | "history"> & { started: number },
): Promise<Omit<Trained, "data" | "description">> {
  const parameters = model.countParams();
  const backend = tf.getBackend();
  await saveModel(model, run.hooks.dir);
  model.dispose();
  const seconds = Math.round((Date.now() - run.started) / 1000);
  run.hooks.log(`trained in ${seconds} s; scoring whole photos`);
  return { request: run.request, hooks: run.hooks, classes: run.classes, train: run.train, history: run.history, parameters, seconds, backend };
}

/** A set to report on at the version's operating point: scored whole by the version being written. */
export interface ReportSet {
  name: string;
  /** The set's photos, read once per model that scores them (a CameraFramePool's stream makes them on its threads). */
  photos: () => Iterable<PhotoPixels & { label: string }> | AsyncIterable<PhotoPixels & { label: string }>;
  otherDefects?: boolean;
  /** Also score it with this other version (what adapting cost), reported as "<name>: <version> before". */
  alsoWith?: string;
}

/**
 * The saved weights of a camera version run whole on the photos that place
 * its operating point and on every report set, then its metadata.json,
 * evaluation.json and EVALUATION.md.
 */
async function finishCameraVersion(
  trained: Trained,
  calibration: ReportSet | { name: string; otherDefects?: boolean; scored: ScoredPhoto[] },
  sets: ReportSet[],
  test: Example[],
): Promise<TrainingOutcome> {
  const { request, hooks, classes } = trained;
  const { log, dir } = hooks;
  const backend = await chooseBackend(["wasm", "cpu"], WASM_FILES_DIR);
  const provisional = provisionalMetadata(request.version, classes, trained.train);
  const model = DefectModel.fromModel(await loadModel(dir), provisional);
  try {
    // Scores placed by other models (out of fold) are taken as they are.
    const calibrated =
      "scored" in calibration ? { scored: calibration.scored, latencies: [] } : await scoreWhole(model, calibration.photos(), log, calibration.name);
    const threshold = chooseThreshold(calibrated.scored, request.maxFalseReject);
    const promise = thresholdPromise(calibrated.scored, threshold, request.maxFalseReject);
    const thresholdWarning = thresholdWarningOf(promise, request.maxFalseReject);
    if (thresholdWarning) log(`WARNING: ${thresholdWarning}`);
    const { thresholds, classWeights } = operatingPoint(calibrated.scored, classes, threshold);
    const reports: Record<string, Evaluation> = {
      [calibration.name]: evaluate(calibrated.scored, classes, threshold, classWeights, { otherDefects: calibration.otherDefects }),
    };
    const latencies = [...calibrated.latencies];
    for (const set of sets) {
      const scored = await scoreWhole(model, set.photos(), log, set.name);
      reports[set.name] = evaluate(scored.scored, classes, threshold, classWeights, { otherDefects: set.otherDefects });
      latencies.push(...scored.latencies);
      if (set.alsoWith) {
        const other = readMetadata(modelDir(set.alsoWith));
        const before = DefectModel.fromModel(await loadModel(modelDir(set.alsoWith)), other);
        const was = await scoreWhole(before, set.photos(), log, `${set.name}: ${set.alsoWith} before`).finally(() => before.dispose());
        reports[`${set.name}: ${set.alsoWith} before`] = evaluate(was.scored, other.classes, other.thresholds.decision, other.thresholds.classWeights, {
          otherDefects: true,
        });
      }
    }
    latencies.sort((a, b) => a - b);
    const medianMs = latencies[Math.floor(latencies.length / 2)] ?? Number.NaN;
    const artifactBytes = fs.statSync(path.join(dir, "weights.bin")).size + fs.statSync(path.join(dir, "model.json")).size;
    const metadata: ModelMetadata = {
      ...provisional,
      createdAt: new Date().toISOString(),
      thresholds,
      training: {
        ...trained.data,
        threshold: { okPhotos: promise.okPhotos, falseRejects: promise.falseRejects, falseRejectUpperBound: promise.upperBound },
        seed: request.seed,
        ...(request.initFrom ? { initFrom: request.initFrom } : {}),
        epochs: trained.history.length,
        history: trained.history,
        seconds: trained.seconds,
        parameters: trained.parameters,
        artifactBytes,
        nodeInference: { backend, medianMs },
      },
      evaluation: evaluationSummaries(reports),
    };
    writeJson(path.join(dir, "metadata.json"), metadata);
    writeJson(path.join(dir, "evaluation.json"), reports);
    const markdown = [
      `# Model ${metadata.version}: evaluation`,
      "",
      ...trained.description,
      `${trained.history.length} epochs in ${trained.seconds} s on this machine's ${trained.backend} backend, ${trained.parameters} parameters, ${(artifactBytes / 1024).toFixed(0)} KiB of model.`,
      `Every figure below is on whole photos the model never saw, scored with the browser's preprocessing and the ${backend} backend (median ${medianMs.toFixed(1)} ms a photo in Node, preprocessing included).`,
      `Regenerate with \`${cameraRegenerateCommand(request)}\`.`,
      "",
      ...Object.entries(reports).map(([name, report]) => evaluationMarkdown(name, report)),
    ].join("\n");
    fs.writeFileSync(path.join(dir, "EVALUATION.md"), markdown);
    return { metadata, reports, markdown, dir, test, thresholdWarning };
  } finally {
    model.dispose();
  }
}

/** A mining round's photos: fresh ones, far from the first training's seeds (seed, seed + 1, + 500, + 1000). */
export function miningRoundSeed(seed: number, round: number): number {
  return seed + 7919 * round;
}

/** Each mining round goes on at half the last one's learning rate: it refines, it does not start over. */
export function miningRoundLearningRate(learningRate: number, round: number): number {
  return learningRate / 2 ** round;
}

/**
 * A camera model's heatmap of a frame, read as the browser reads it
 * (DefectModel.predict): the model wrapped once with its patch scores
 * (withHeatmap), then each frame's most suspicious class per patch.
 */
export function frameHeatmapOf(model: tf.LayersModel): (frame: PreprocessedFrame) => Promise<number[]> {
  const withPatches = withHeatmap(model);
  return async (frame) => {
    const heat = tf.tidy(() => {
      const [, patchLogits] = withPatches.predict(tf.tensor4d(frame.input, [1, frame.height, frame.width, 3])) as tf.Tensor[];
      return tf.sigmoid(patchLogits as tf.Tensor).max(-1);
    });
    const [, rows = 0, columns = 0] = heat.shape;
    const values = await heat.data();
    heat.dispose();
    return squareHeatmap(values, rows, columns, CAMERA_HEATMAP_SIZE);
  };
}

/**
 * Crops of fresh synthetic photos where `model` is most wrong: its hottest
 * false alarms (three on an ok photo, one on a defect photo) and two crops of
 * each defect, the heat read as the browser's heatmap is (inference.ts).
 */
async function minedCrops(
  model: tf.LayersModel,
  frames: AsyncIterable<CameraFrame>,
  seed: number,
  photos: number,
  log: (line: string) => void,
): Promise<Example[]> {
  const random = new Random(seed ^ 0x4a2d);
  const heatmapOf = frameHeatmapOf(model);
  const crops: Example[] = [];
  let made = 0;
  for await (const { frame, mask, label, defectBox, scale } of frames) {
    crops.push(...hardNegativeCrops(frame, mask, label, await heatmapOf(frame), defectBox ? 1 : 3));
    if (defectBox) {
      for (let k = 0; k < 2; k++) crops.push(cropAround(frame, mask, label, ...defectCropCentre(defectBox, scale, random)));
    }
    if (++made % 500 === 0) log(`mined ${made} of ${photos} photos`);
  }
  return crops;
}

/** Photos a mining round reads ahead (about 2.8 MB of frame each): a whole round of the usual size, made while the round before trains. */
const MINING_AHEAD = 2000;

/**
 * Trains the camera model on synthetic camera photos and writes its version
 * folder. From scratch, on crops on each photo's defect and anywhere; with
 * `initFrom` a camera version, it goes on from that version's weights on
 * crops of its own worst mistakes (hardNegativeCrops) beside the defects, so
 * that a whole frame's thousands of patches stop raising false alarms. The
 * photos are made by a pool of worker threads, each round's while the round
 * before trains.
 */
export async function trainCameraVersion(request: TrainingRequest, hooks: TrainingHooks): Promise<TrainingOutcome> {
  if (request.folds && request.folds >= 2) throw new TrainingRefused("--folds is for labelled photos: synthetic ones can be made in any number");
  const pool = new CameraFramePool();
  try {
    return await trainCameraWith(pool, request, hooks);
  } finally {
    await pool.close();
  }
}

async function trainCameraWith(pool: CameraFramePool, request: TrainingRequest, hooks: TrainingHooks): Promise<TrainingOutcome> {
  const { log } = hooks;
  const started = Date.now();
  const { seed } = request;
  const classes = [...CAMERA_DEFECTS];
  const rounds = request.rounds ?? 0;
  await useTrainingBackend();
  const roundFrames = (round: number) => (round <= rounds ? pool.frames(miningRoundSeed(seed, round), request.photos, {}, MINING_AHEAD) : null);
  let train: Example[];
  let startModel: tf.LayersModel | null = null;
  log(`making photos on ${pool.size} worker thread${pool.size > 1 ? "s" : ""}`);
  if (request.initFrom) {
    log(`making ${request.photos} camera photos and cropping ${request.initFrom}'s hottest false alarms on each, beside its defect`);
    startModel = await loadModel(modelDir(request.initFrom));
    train = await minedCrops(startModel, pool.frames(seed, request.photos), seed, request.photos, log);
  } else {
    log(
      `making ${request.photos} camera photos (1920x1080) and 3 crops of ${CROP_SIZE}x${CROP_SIZE} frame pixels from each, plus a tenth as many for validation`,
    );
    train = await cropsOfFrames(pool.frames(seed, request.photos), seed);
  }
  const validation = await cropsOfFrames(pool.frames(seed + 1, Math.max(50, Math.round(request.photos / 10))), seed + 1);
  log(`${train.length} training crops, ${validation.length} validation crops, in ${Math.round((Date.now() - started) / 1000)} s`);
  let upcoming = roundFrames(1);
  let { model, history } = await trainDefectModel(train, validation, {
    ...trainOptions(request, classes, seed, startModel, startModel ? classes : null, log, hooks),
    build: buildCameraModel,
  }).finally(() => startModel?.dispose());
  let crops = train.length;
  for (let round = 1; upcoming; round++) {
    const roundSeed = miningRoundSeed(seed, round);
    log(
      `mining round ${round} of ${rounds}: ${request.photos} fresh photos (seed ${roundSeed}), the last model's hottest false alarms on each, beside its defect`,
    );
    train = await minedCrops(model, upcoming, roundSeed, request.photos, log);
    crops += train.length;
    upcoming = roundFrames(round + 1);
    const next = await trainDefectModel(train, validation, {
      ...trainOptions({ ...request, learningRate: miningRoundLearningRate(request.learningRate, round) }, classes, roundSeed, model, classes, log, hooks),
      build: buildCameraModel,
    }).finally(() => model.dispose());
    model = next.model;
    history = [...history, ...next.history.map((epoch) => ({ ...epoch, epoch: history.length + epoch.epoch }))];
  }
  const fresh = (preset: PresetName, count: number): ReportSet => ({
    name: `fresh camera test set, ${preset} lighting`,
    photos: () => pool.photos(seed + 1000, count, { preset }),
  });
  return finishCameraVersion(
    {
      ...(await savedVersion(model, { request, hooks, classes, train, history, started })),
      data: {
        data: CAMERA_DATA,
        photos: request.photos,
        ...(rounds ? { miningRounds: rounds } : {}),
        crops: { train: crops, validation: validation.length, side: CROP_SIZE },
      },
      description: [
        `A camera model: it sees the whole 1920x1080 photo in colour at 640x360 and scores every 24x24-pixel patch of it for ${classes.join(", ")}.`,
        request.initFrom
          ? `Trained on from ${request.initFrom} on ${crops} crops (${CROP_SIZE}x${CROP_SIZE} frame pixels) of ${request.photos * (rounds + 1)} fresh synthetic camera photos (seed ${seed}): ${request.initFrom}'s hottest false alarms on each (three on an ok photo, one on a defect photo) and two of its defect; photo making and mining included in the time below.`
          : `Trained from scratch on ${crops} crops (${CROP_SIZE}x${CROP_SIZE} frame pixels) of ${request.photos * (rounds + 1)} synthetic camera photos (seed ${seed}), photo making included in the time below.`,
        ...(rounds
          ? [
              `After the first training, ${rounds} mining round${rounds > 1 ? "s" : ""}: each on ${request.photos} fresh photos, three crops of the last model's hottest false alarms on an ok photo, one on a defect photo and two of its defect, trained on from the last model at half the last round's learning rate.`,
            ]
          : []),
      ],
    },
    { name: `calibration set (fresh camera photos, seed ${seed + 500})`, photos: () => pool.photos(seed + 500, request.calibrationPhotos) },
    [fresh("normal", request.testPhotos), fresh("lighting-shift", Math.min(request.testPhotos, SHIFT_TEST_PHOTOS))],
    [],
  );
}

/**
 * Adapts a camera version to a line: its labelled photos (data `db:<station>`
 * or `folder:<path>`), split by photo; crops of the ok ones and the defect
 * ones whole (see lineExamples); with `synth+`, synthetic camera crops mixed
 * in. The threshold is placed on the line's validation photos; the report
 * gives the line's test photos and, mixed, the base synthetic camera set
 * beside the starting version's figures on it.
 */
export async function adaptCameraVersion(
  request: TrainingRequest,
  hooks: TrainingHooks,
  options: { lineSet?: ReportSet; compareWithStart?: boolean } = {},
): Promise<TrainingOutcome> {
  const pool = new CameraFramePool();
  try {
    return await adaptCameraWith(pool, request, hooks, options);
  } finally {
    await pool.close();
  }
}

async function adaptCameraWith(
  pool: CameraFramePool,
  request: TrainingRequest,
  hooks: TrainingHooks,
  options: { lineSet?: ReportSet; compareWithStart?: boolean },
): Promise<TrainingOutcome> {
  const { log } = hooks;
  const started = Date.now();
  const { seed } = request;
  const from = request.initFrom as string;
  const fromMetadata = readMetadata(modelDir(from));
  const mix = request.data.startsWith("synth+") ? request.data.slice("synth+".length) : null;
  log(`loading ${describeSource(mix ?? request.data)}`);
  const photos: LabelledPhoto[] = (await loadLabelledPhotos(mix ?? request.data, { count: request.photos, seed, db: hooks.db, log })).map((photo) => ({
    ...photo,
    origin: "line" as const,
  }));
  let classes: string[];
  try {
    // Mixed, the synthetic crops bring the base line's classes: the model keeps them (a crack stays a crack, not ok).
    classes = classesStartingFrom(
      classesOfData([...photos.map((photo) => photo.label), ...(mix === null ? [] : CAMERA_DEFECTS)]),
      fromMetadata.classes,
      from,
      log,
    );
  } catch (error) {
    throw new TrainingRefused((error as Error).message);
  }
  const split = stratifiedSplit(photos, { validation: request.holdout / 2, test: request.holdout / 2 }, seed + 1);
  log(`${photos.length} photos: ${split.train.length} train, ${split.validation.length} validation, ${split.test.length} test`);
  if (split.train.length === 0 || split.validation.length === 0 || split.test.length === 0) {
    throw new TrainingRefused(`${photos.length} photos are too few to split into training, validation and test photos: label more`);
  }
  const synthetic = mix === null ? 0 : Math.round((split.train.length * request.synthShare) / (1 - request.synthShare));
  if (mix !== null)
    log(`mixing crops of ${synthetic} synthetic camera photos with the line's ${split.train.length} (${Math.round(request.synthShare * 100)}% synthetic)`);
  const syntheticCrops =
    synthetic > 0 ? (await cropsOfFrames(pool.frames(seed + 3000, synthetic), seed + 3000)).map((crop) => ({ ...crop, origin: "synth" as const })) : [];
  const adapt = { from, classes, fromClasses: fromMetadata.classes, syntheticCrops };
  const folds = request.folds && request.folds >= 2 ? request.folds : 0;
  const outOfFold = folds ? await outOfFoldScores([...split.train, ...split.validation], request, hooks, adapt) : null;
  const train = [...lineExamples(split.train, seed), ...syntheticCrops];
  const { model, history } = await adaptedModel(
    train,
    [...lineExamples(split.validation, seed + 1)],
    seed,
    request,
    stageHooks(hooks, folds, folds + 1),
    adapt,
  );
  const saved = await savedVersion(model, { request, hooks, classes, train, history, started });
  const asPhotos = (photos: readonly LabelledPhoto[]) => () => photos.map((p) => ({ ...p.pixels, label: p.label }));
  const validationSet: ReportSet = { name: "validation (the line's photos)", photos: asPhotos(split.validation), otherDefects: true };
  const sets: ReportSet[] = [
    ...(outOfFold ? [validationSet] : []),
    { name: "held-out split, the line's photos only", photos: asPhotos(split.test), otherDefects: true },
  ];
  if (options.lineSet) sets.push(options.lineSet);
  // The product's own synthetic line (camera photos), named as the trainer's comparison reads it.
  if (mix !== null) {
    sets.push({
      name: "fresh synthetic test set, normal lighting",
      photos: () => pool.photos(seed + 1000, request.testPhotos),
      otherDefects: true,
      ...(options.compareWithStart === false ? {} : { alsoWith: from }),
    });
  }
  return finishCameraVersion(
    {
      ...saved,
      data: {
        data: request.data,
        photos: photos.length,
        split: { train: split.train.length, validation: split.validation.length, test: split.test.length },
        examples: train.length,
        synthetic,
      },
      description: [
        `A camera model adapted from ${from} to ${describeSource(mix ?? request.data)}: ${photos.length} labelled photos (${split.train.length} to train, ${split.validation.length} to validate, ${split.test.length} to test)` +
          `${synthetic ? `, with crops of ${synthetic} synthetic camera photos mixed in` : ""}. Classes: ${classes.join(", ")}.`,
        outOfFold
          ? `The threshold is placed on all ${outOfFold.length} training and validation photos, each scored by one of ${request.folds} models trained without it (out of fold).`
          : "The threshold is placed on the validation photos.",
      ],
    },
    outOfFold ? { ...OUT_OF_FOLD, scored: outOfFold } : validationSet,
    sets,
    split.test.map((p) => wholeFrameExample(p.pixels, p.label, "line")),
  );
}

/** What adapting starts from, shared by the final model and every fold's. */
interface Adaptation {
  from: string;
  classes: string[];
  fromClasses: string[];
  /** Synthetic camera crops mixed into every training, so the base line is not forgotten. */
  syntheticCrops: Example[];
}

async function adaptedModel(
  train: readonly Example[],
  validation: readonly Example[],
  seed: number,
  request: TrainingRequest,
  hooks: TrainingHooks,
  adapt: Adaptation,
  log: (line: string) => void = hooks.log,
): Promise<{ model: tf.LayersModel; history: EpochRecord[] }> {
  const startModel = await loadModel(modelDir(adapt.from));
  try {
    return await trainDefectModel(train, validation, {
      ...trainOptions(request, adapt.classes, seed, startModel, adapt.fromClasses, log, hooks),
      build: buildCameraModel,
    });
  } finally {
    startModel.dispose();
  }
}

/** Hooks for one of several trainings in a run: its progress is a share of the whole run's. */
function stageHooks(hooks: TrainingHooks, index: number, stages: number): TrainingHooks {
  const { progress } = hooks;
  if (!progress || stages === 1) return hooks;
  return { ...hooks, progress: (at) => progress({ ...at, epoch: index * at.epochs + at.epoch, epochs: stages * at.epochs }) };
}

const OUT_OF_FOLD = { name: "out of fold (the line's training and validation photos)", otherDefects: true } as const;

/**
 * A line's few labelled photos leave a handful of ok ones in the validation
 * split, and a threshold placed on a handful is a guess (--folds 0 says by how
 * much). With `--folds k`, k models, each trained without one fold of the
 * training and validation photos, score that fold whole: every photo scored
 * by a model that never saw it, and the threshold placed on them all.
 */
async function outOfFoldScores(photos: readonly LabelledPhoto[], request: TrainingRequest, hooks: TrainingHooks, adapt: Adaptation): Promise<ScoredPhoto[]> {
  const k = request.folds as number;
  const folds = kFoldSplit(photos, k, request.seed + 2);
  const scored: ScoredPhoto[] = [];
  for (const [i, fold] of folds.entries()) {
    const rest = folds.filter((_, j) => j !== i).flat();
    const inner = stratifiedSplit(rest, { validation: request.holdout / 2, test: 0 }, request.seed + 3 + i);
    hooks.log(`fold ${i + 1} of ${k}: ${inner.train.length} train, ${inner.validation.length} validation, ${fold.length} scored for the threshold`);
    const train = [...lineExamples(inner.train, request.seed + 10 * (i + 1)), ...adapt.syntheticCrops];
    const validation = [...lineExamples(inner.validation, request.seed + 10 * (i + 1) + 1)];
    const { model } = await adaptedModel(train, validation, request.seed + i + 1, request, stageHooks(hooks, i, k + 1), adapt, () => {});
    const scorer = DefectModel.fromModel(model, provisionalMetadata(`fold-${i + 1}`, adapt.classes, train));
    try {
      const foldPhotos = fold.map((p) => ({ ...p.pixels, label: p.label }));
      scored.push(...(await scoreWhole(scorer, foldPhotos, () => {}, `fold ${i + 1}`)).scored);
    } finally {
      scorer.dispose();
    }
  }
  return scored;
}

/** Trains any version a request asks for: the camera model, a camera model adapted to a line, or the square model. */
export function trainModelVersion(request: TrainingRequest, hooks: TrainingHooks): Promise<TrainingOutcome> {
  if (request.data === CAMERA_DATA) return trainCameraVersion(request, hooks);
  if (isCameraRequest(request)) return adaptCameraVersion(request, hooks);
  return trainVersion(request, hooks);
}
