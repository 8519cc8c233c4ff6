import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { CAMERA_DEFECTS, PRESETS, Random, type PresetName } from "../../synth/index.ts";
import { buildCameraModel, withHeatmap } from "../architecture.ts";
import { squareHeatmap } from "../heatmap.ts";
import { evaluate, type Evaluation, type ScoredPhoto, type ThresholdAnchor } from "../evaluation.ts";
import { phoneMasks } from "../finder.ts";
import { chooseBackend, DefectModel } from "../inference.ts";
import type { FinderMetadata, ModelMetadata } from "../metadata.ts";
import type { InspectionRegion } from "../region.ts";
import { modelDir, WASM_FILES_DIR } from "../model-dir.ts";
import { FRAME_INPUT_WIDTH, FRAME_PREPROCESSING, type PhotoPixels, type PreprocessedFrame } from "../preprocess.ts";
import { isCameraModel } from "../metadata.ts";
import { artifactFiles, copyFinder, loadDefectModel, loadModel, readMetadata, referenceStatistics, saveModel, writeJson } from "./artifacts.ts";
import {
  type CameraFrame,
  cropsOfFrames,
  cropAround,
  CROP_SIZE,
  defectCropCentre,
  hardNegativeCrops,
  type ColourTurns,
  colourTurnsRecord,
  SATURATION_TURNS,
  VARIED_LAMPS,
  variedLampsRecord,
  withColourTurns,
} from "./camera-data.ts";
import { CameraFramePool } from "./camera-frames.ts";
import type { Example } from "./dataset.ts";
import {
  evaluationSummaries,
  operatingPoint,
  operatingThreshold,
  TrainingRefused,
  trainOptions,
  type TrainingHooks,
  type TrainingOutcome,
  type TrainingRequest,
  thresholdRecord,
} from "./pipeline.ts";
import { evaluationMarkdown } from "./report.ts";
import { type EpochRecord, trainDefectModel, useTrainingBackend } from "./train.ts";

// The camera model (`npm run train -- --data camera-synth`): trained from
// scratch on crops of synthetic 1920x1080 photos with tfjs's wasm backend
// (given the convolution gradients it lacks, wasm-conv-gradients.ts), then
// run on whole photos, exactly as the browser runs it, with the same backend;
// and what every camera version shares: scoring whole photos, the operating
// point and the report. Adapting one to a line is camera-adapt.ts.

export const CAMERA_DATA = "camera-synth";

/** The heatmap's side: a 32x32 grid over the frame (60x34 pixels of a 1080p photo per cell). */
export const CAMERA_HEATMAP_SIZE = 32;

/** Photos of lighting-shift scored for its report: enough to see the drop, a third of the normal test's cost. */
export const SHIFT_TEST_PHOTOS = 600;

export function cameraRegenerateCommand(request: TrainingRequest): string {
  return (
    `npm run train -- --version ${request.version} --data ${request.data} --photos ${request.photos} --seed ${request.seed} --epochs ${request.epochs} --batch ${request.batch}` +
    ` --learning-rate ${request.learningRate} --patience ${request.patience} --max-false-reject ${request.maxFalseReject} --calibration-photos ${request.calibrationPhotos}` +
    ` --test-photos ${request.testPhotos} --lr-schedule ${request.lrSchedule}` +
    (request.rounds ? ` --rounds ${request.rounds}` : "") +
    (request.saturationTurns ? " --saturation-turns" : request.colourTurns ? " --colour-turns" : "") +
    (request.variedLamps ? " --varied-lamps" : "") +
    (request.findPhone ? ` --init-from ${request.initFrom} --find-phone` : "") +
    (request.initFrom && !request.findPhone
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

/** A labelled photo to score, inside its station's region of interest where it has one. */
type ScorablePhoto = PhotoPixels & { label: string; region?: InspectionRegion };

/** Photos scored whole by a model, as the browser would score them (inside their station's region of interest, where set). */
export async function scoreWhole(
  model: DefectModel,
  photos: Iterable<ScorablePhoto> | AsyncIterable<ScorablePhoto>,
  log: (line: string) => void,
  what: string,
): Promise<{ scored: ScoredPhoto[]; latencies: number[] }> {
  const scored: ScoredPhoto[] = [];
  const latencies: number[] = [];
  const classes = model.metadata.classes;
  for await (const photo of photos) {
    const prediction = await model.predict(photo, photo.region ?? null);
    scored.push({ truth: photo.label, scores: classes.map((name) => prediction.scores[name] ?? 0) });
    latencies.push(prediction.latencyMs);
    if (scored.length % 250 === 0) log(`${what}: ${scored.length} photos scored`);
  }
  return { scored, latencies };
}

/** The shipped-format metadata of a camera version before its operating point is known. */
export function provisionalMetadata(version: string, classes: string[], train: readonly Example[]): ModelMetadata {
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

export interface Trained {
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
  /** The drift reference, when not the training examples' (a version whose network another trained). */
  reference?: ModelMetadata["reference"];
  /** Its phone finder, saved beside the network. */
  finder?: FinderMetadata;
}

/** Saves trained weights to the version's folder and says how long it took, start to finish. */
export async function savedVersion(
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
export async function finishCameraVersion(
  trained: Trained,
  calibration: ReportSet | { name: string; otherDefects?: boolean; scored: ScoredPhoto[] },
  sets: ReportSet[],
  test: Example[],
  /** A threshold the calibration photos only test (placeThreshold): the starting version's, when its classes score unchanged. */
  anchor?: ThresholdAnchor,
): Promise<TrainingOutcome> {
  const { request, hooks, classes } = trained;
  const { log, dir } = hooks;
  const backend = await chooseBackend(["wasm", "cpu"], WASM_FILES_DIR);
  const provisional: ModelMetadata = {
    ...provisionalMetadata(request.version, classes, trained.train),
    ...(trained.reference ? { reference: trained.reference } : {}),
    ...(trained.finder ? { finder: trained.finder } : {}),
  };
  const model = await loadDefectModel(dir, provisional);
  try {
    // Scores placed by other models (out of fold) are taken as they are.
    const calibrated =
      "scored" in calibration ? { scored: calibration.scored, latencies: [] } : await scoreWhole(model, calibration.photos(), log, calibration.name);
    const { placement, promise, thresholdWarning } = operatingThreshold(calibrated.scored, request.maxFalseReject, anchor, log);
    const { threshold } = placement;
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
        const before = await loadDefectModel(modelDir(set.alsoWith), other);
        const was = await scoreWhole(before, set.photos(), log, `${set.name}: ${set.alsoWith} before`).finally(() => before.dispose());
        reports[`${set.name}: ${set.alsoWith} before`] = evaluate(was.scored, other.classes, other.thresholds.decision, other.thresholds.classWeights, {
          otherDefects: true,
        });
      }
    }
    latencies.sort((a, b) => a - b);
    const medianMs = latencies[Math.floor(latencies.length / 2)] ?? Number.NaN;
    const artifactBytes = artifactFiles(provisional).reduce((bytes, file) => bytes + fs.statSync(path.join(dir, file)).size, 0);
    const metadata: ModelMetadata = {
      ...provisional,
      createdAt: new Date().toISOString(),
      thresholds,
      training: {
        ...trained.data,
        threshold: thresholdRecord(promise, placement),
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
      ...(anchor ? [`The threshold: ${placement.why}`] : []),
      `${trained.history.length ? `${trained.history.length} epochs in ` : "Trained in "}${trained.seconds} s on this machine's ${trained.backend} backend, ${trained.parameters} parameters, ${(artifactBytes / 1024).toFixed(0)} KiB of model.`,
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
 * (withHeatmap), then each frame's most suspicious class per patch; with a
 * phone finder, the patches off the phone at 0, as the browser counts them.
 */
export function frameHeatmapOf(model: tf.LayersModel, finder: tf.LayersModel | null = null): (frame: PreprocessedFrame) => Promise<number[]> {
  const withPatches = withHeatmap(model);
  return async (frame) => {
    const heat = tf.tidy(() => {
      const pixels = tf.tensor4d(frame.input, [1, frame.height, frame.width, 3]);
      const patchLogits = (withPatches.predict(pixels) as tf.Tensor4D[])[1] as tf.Tensor4D;
      const [, rows = 0, columns = 0] = patchLogits.shape;
      const patchHeat = tf.sigmoid(patchLogits).max(-1);
      return finder ? patchHeat.mul(phoneMasks(finder, pixels, rows, columns).squeeze([3])) : patchHeat;
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
 * each defect, the heat read as the browser's heatmap is (inference.ts): with
 * a phone finder, only the false alarms on the phone, the ones a unit is judged on.
 */
async function minedCrops(
  model: tf.LayersModel,
  finder: { dir: string; file: string } | null,
  frames: AsyncIterable<CameraFrame>,
  seed: number,
  photos: number,
  log: (line: string) => void,
): Promise<Example[]> {
  const random = new Random(seed ^ 0x4a2d);
  const finderModel = finder ? await loadModel(finder.dir, finder.file) : null;
  try {
    const heatmapOf = frameHeatmapOf(model, finderModel);
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
  } finally {
    finderModel?.dispose();
  }
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
  const lamps = request.variedLamps ? VARIED_LAMPS : null;
  // Training and validation photos alike; the calibration and test photos stay under the normal preset's lamps, as the product reports them.
  const trainingPhotos = lamps ? { lighting: lamps } : {};
  if (lamps) log("drawing the training photos under varied lamps (--varied-lamps)");
  const roundFrames = (round: number) => (round <= rounds ? pool.frames(miningRoundSeed(seed, round), request.photos, trainingPhotos, MINING_AHEAD) : null);
  let train: Example[];
  let startModel: tf.LayersModel | null = null;
  // Trained on from a version with a phone finder, the new network scores the patches on the phone as that one did: the finder is kept.
  const startFinder = request.initFrom ? readMetadata(modelDir(request.initFrom)).finder : undefined;
  // Its false alarms off the phone never reject a unit: mining reads only those on the phone.
  const finder = startFinder ? { dir: modelDir(request.initFrom as string), file: startFinder.file } : null;
  if (finder) log(`mining only the false alarms on the phone, as ${request.initFrom}'s finder finds it`);
  log(`making photos on ${pool.size} worker thread${pool.size > 1 ? "s" : ""}`);
  if (request.initFrom) {
    log(`making ${request.photos} camera photos and cropping ${request.initFrom}'s hottest false alarms on each, beside its defect`);
    startModel = await loadModel(modelDir(request.initFrom));
    train = await minedCrops(startModel, finder, pool.frames(seed, request.photos, trainingPhotos), seed, request.photos, log);
  } else {
    log(
      `making ${request.photos} camera photos (1920x1080) and 3 crops of ${CROP_SIZE}x${CROP_SIZE} frame pixels from each, plus a tenth as many for validation`,
    );
    train = await cropsOfFrames(pool.frames(seed, request.photos, trainingPhotos), seed);
  }
  // --saturation-turns implies --colour-turns.
  const turns: ColourTurns | null = request.saturationTurns ? { saturation: SATURATION_TURNS } : request.colourTurns ? {} : null;
  if (turns) {
    log(`turning half the training crops to a random hue${turns.saturation ? ` and colourfulness (--saturation-turns)` : " (--colour-turns)"}`);
    train = withColourTurns(train, seed, turns.saturation);
  }
  const validation = await cropsOfFrames(pool.frames(seed + 1, Math.max(50, Math.round(request.photos / 10)), trainingPhotos), seed + 1);
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
    train = await minedCrops(model, finder, upcoming, roundSeed, request.photos, log);
    if (turns) {
      log(`turning half of round ${round}'s crops to a random hue${turns.saturation ? " and colourfulness" : ""}`);
      train = withColourTurns(train, roundSeed, turns.saturation);
    }
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
  const saved = await savedVersion(model, { request, hooks, classes, train, history, started });
  if (startFinder) {
    copyFinder(modelDir(request.initFrom as string), hooks.dir, startFinder);
    log(`keeping ${request.initFrom}'s phone finder: the new network scores the patches on the phone, as ${request.initFrom} does`);
  }
  return finishCameraVersion(
    {
      ...saved,
      ...(startFinder ? { finder: startFinder } : {}),
      data: {
        data: CAMERA_DATA,
        photos: request.photos,
        ...(rounds ? { miningRounds: rounds } : {}),
        ...colourTurnsRecord(turns),
        ...variedLampsRecord(lamps),
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
        ...(turns
          ? [
              "Half the training crops, at random, had their colours turned to a random hue (`--colour-turns`): the synthetic line's phones come in five colours, and the same defects on phones of every hue keep a colour the line never showed from being foreign.",
            ]
          : []),
        ...(turns?.saturation
          ? [
              `Each turned crop's colours were also moved from grey by ${turns.saturation[0]} to ${turns.saturation[1]} times their distance (\`--saturation-turns\`): the line's most colourful phones are half as vivid as a red one.`,
            ]
          : []),
        ...(lamps
          ? [
              `The training photos were drawn under varied lamps (\`--varied-lamps\`): brightness ${lamps.brightness.join(" to ")}, colour temperature ${lamps.colorTemperature.join(" to ")}, noise ${lamps.noise.join(" to ")} (the normal preset's: ${PRESETS.normal.brightness.join(" to ")}, ${PRESETS.normal.colorTemperature.join(" to ")}, ${PRESETS.normal.noise.join(" to ")}). The lighting-shift preset's brightness and warmth lie inside those ranges (its noise and blur beyond them), so its report below is no longer lamps the model never saw. The calibration and test photos are the normal preset's.`,
            ]
          : []),
        ...(startFinder
          ? [
              `${request.initFrom}'s phone finder is kept: a class's score is its most suspicious patch on the phone, and the false alarms mined were only those on the phone.`,
            ]
          : []),
      ],
    },
    { name: `calibration set (fresh camera photos, seed ${seed + 500})`, photos: () => pool.photos(seed + 500, request.calibrationPhotos) },
    [fresh("normal", request.testPhotos), fresh("lighting-shift", Math.min(request.testPhotos, SHIFT_TEST_PHOTOS))],
    [],
  );
}
