import type * as tf from "@tensorflow/tfjs";
import { CAMERA_DEFECTS } from "../../synth/index.ts";
import { buildCameraModel } from "../architecture.ts";
import type { ScoredPhoto } from "../evaluation.ts";
import type { FinderMetadata } from "../metadata.ts";
import { DefectModel } from "../inference.ts";
import { modelDir } from "../model-dir.ts";
import { copyFinder, loadModel, readMetadata } from "./artifacts.ts";
import { finishCameraVersion, provisionalMetadata, type ReportSet, savedVersion, scoreWhole } from "./camera.ts";
import {
  colourTurnsOf,
  colourTurnsRecord,
  cropsOfFrames,
  lineExamples,
  variedLampsOf,
  variedLampsRecord,
  wholeFrameExample,
  withColourTurns,
} from "./camera-data.ts";
import { CameraFramePool } from "./camera-frames.ts";
import { classesOfData, kFoldSplit, type LabelledPhoto, stratifiedSplit, type Example } from "./dataset.ts";
import {
  classesStartingFrom,
  startingThreshold,
  TrainingRefused,
  trainOptions,
  type TrainingHooks,
  type TrainingOutcome,
  type TrainingRequest,
} from "./pipeline.ts";
import { describeSource, loadLabelledPhotos } from "./sources.ts";
import { type EpochRecord, trainDefectModel } from "./train.ts";

// Adapting a camera model to a line (`npm run train -- --init-from <camera
// version> --data [synth+]db:<station>`, or a retraining run on /models): the
// line's own labelled photos, synthetic camera crops mixed in so the base
// line is not forgotten, and with --folds the threshold placed out of fold.

export interface AdaptOptions {
  lineSet?: ReportSet;
  compareWithStart?: boolean;
  /** Handed the line's photos scored out of fold, where --folds places the threshold (a bench studies them). */
  onOutOfFold?: (scored: readonly ScoredPhoto[]) => void;
}

/**
 * Adapts a camera version to a line: its labelled photos (data `db:<station>`
 * or `folder:<path>`), split by photo; crops of the ok ones and the defect
 * ones whole (see lineExamples); with `synth+`, synthetic camera crops mixed
 * in. The threshold is placed on the line's validation photos (with
 * `folds`, on every training and validation photo, out of fold); the report
 * gives the line's test photos and, mixed, the base synthetic camera set
 * beside the starting version's figures on it.
 */
export async function adaptCameraVersion(request: TrainingRequest, hooks: TrainingHooks, options: AdaptOptions = {}): Promise<TrainingOutcome> {
  const pool = new CameraFramePool();
  try {
    return await adaptCameraWith(pool, request, hooks, options);
  } finally {
    await pool.close();
  }
}

async function adaptCameraWith(pool: CameraFramePool, request: TrainingRequest, hooks: TrainingHooks, options: AdaptOptions): Promise<TrainingOutcome> {
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
      request.newClassesOnly,
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
  // Likewise a base trained under varied lamps: its synthetic photos are drawn under them again.
  const lamps = variedLampsOf(fromMetadata);
  if (lamps && synthetic > 0) log(`drawing the synthetic photos under varied lamps, as ${from} was trained`);
  const crops =
    synthetic > 0
      ? (await cropsOfFrames(pool.frames(seed + 3000, synthetic, lamps ? { lighting: lamps } : {}), seed + 3000)).map((crop) => ({
          ...crop,
          origin: "synth" as const,
        }))
      : [];
  // A base trained on colour-turned crops keeps seeing them: plain ones alone would wear away what it learned to ignore.
  const turns = colourTurnsOf(fromMetadata);
  if (turns && crops.length > 0) log(`turning half the synthetic crops to a random hue${turns.saturation ? " and colourfulness" : ""}, as ${from} was trained`);
  const syntheticCrops = turns ? withColourTurns(crops, seed + 3000, turns.saturation) : crops;
  const adapt: Adaptation = {
    from,
    classes,
    fromClasses: fromMetadata.classes,
    syntheticCrops,
    ...(fromMetadata.finder ? { finder: fromMetadata.finder } : {}),
  };
  const folds = request.folds && request.folds >= 2 ? request.folds : 0;
  const outOfFold = folds ? await outOfFoldScores([...split.train, ...split.validation], request, hooks, adapt) : null;
  if (outOfFold) options.onOutOfFold?.(outOfFold);
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
  if (adapt.finder) {
    copyFinder(modelDir(from), hooks.dir, adapt.finder);
    log(`keeping ${from}'s phone finder: the adapted version scores the patches on the phone, as ${from} does`);
  }
  const asPhotos = (photos: readonly LabelledPhoto[]) => () => photos.map((p) => ({ ...p.pixels, label: p.label, ...(p.region ? { region: p.region } : {}) }));
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
      ...(adapt.finder ? { finder: adapt.finder } : {}),
      data: {
        data: request.data,
        photos: photos.length,
        split: { train: split.train.length, validation: split.validation.length, test: split.test.length },
        examples: train.length,
        synthetic,
        ...colourTurnsRecord(synthetic ? turns : null),
        ...variedLampsRecord(synthetic ? lamps : null),
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
    split.test.map((p) => wholeFrameExample(p.pixels, p.label, "line", p.region)),
    startingThreshold(request),
  );
}

/** What adapting starts from, shared by the final model and every fold's. */
interface Adaptation {
  from: string;
  classes: string[];
  fromClasses: string[];
  /** Synthetic camera crops mixed into every training, so the base line is not forgotten. */
  syntheticCrops: Example[];
  /** The starting version's phone finder: every model adapted from it scores on the phone, as it does. */
  finder?: FinderMetadata;
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

/** The report of the line's photos scored out of fold, where --folds places the threshold. */
export const OUT_OF_FOLD = { name: "out of fold (the line's training and validation photos)", otherDefects: true } as const;

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
    const scorer = DefectModel.fromModel(
      model,
      { ...provisionalMetadata(`fold-${i + 1}`, adapt.classes, train), ...(adapt.finder ? { finder: adapt.finder } : {}) },
      adapt.finder ? await loadModel(modelDir(adapt.from), adapt.finder.file) : null,
    );
    try {
      const foldPhotos = fold.map((p) => ({ ...p.pixels, label: p.label, ...(p.region ? { region: p.region } : {}) }));
      scored.push(...(await scoreWhole(scorer, foldPhotos, () => {}, `fold ${i + 1}`)).scored);
    } finally {
      scorer.dispose();
    }
  }
  return scored;
}
