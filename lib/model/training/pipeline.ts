import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { Db } from "../../db/index.ts";
import { SYNTH_DEFECTS } from "../../synth/index.ts";
import {
  chooseClassWeights,
  defectScore,
  evaluate,
  type Evaluation,
  placeThreshold,
  type ScoredPhoto,
  type ThresholdAnchor,
  type ThresholdPlacement,
  type ThresholdPromise,
  thresholdPromise,
  thresholdWarningOf,
} from "../evaluation.ts";
import type { ModelMetadata } from "../metadata.ts";
import { MODEL_INPUT_SIZE, PREPROCESSING } from "../preprocess.ts";
import { loadModel, modelDir, readMetadata, referenceStatistics, saveModel, writeJson } from "./artifacts.ts";
import { classesOfData, type Example, HEATMAP_SIZE, kFoldSplit, stratifiedSplit, synthPhotos, toExample } from "./dataset.ts";
import { evaluationMarkdown } from "./report.ts";
import { describeSource, loadLabelledPhotos } from "./sources.ts";
import { type EpochRecord, scoreExamples, trainDefectModel, type TrainingProgress, useTrainingBackend, type TrainOptions } from "./train.ts";

// One training run, from labelled photos to a saved version with its
// evaluation: what `npm run train` and a retraining run started on /models
// both do.

export interface TrainingRequest {
  version: string;
  /** synth | folder:<path> | db[:<station>], or synth+<one of those> to mix synthetic photos in. */
  data: string;
  /** In a synth+ mix, the share of synthetic photos (0.5: as many as the line's). */
  synthShare: number;
  /** Synthetic photos to make, or the most photos to read from a folder or the database. */
  photos: number;
  testPhotos: number;
  /** Synthetic data only: fresh photos the operating point is chosen on. */
  calibrationPhotos: number;
  epochs: number;
  batch: number;
  learningRate: number;
  patience: number;
  seed: number;
  /** The share held out from training: half to validate (and place the threshold on, for real photos), half to test. */
  holdout: number;
  /**
   * With few photos, one test split says little: k >= 2 also trains one
   * model per fold, each tested on the photos it never saw, and reports the
   * figures pooled over all photos with their spread across folds.
   */
  folds?: number;
  maxFalseReject: number;
  lrSchedule: "constant" | "cosine";
  /** Fine-tune from this version's weights rather than fresh ones. */
  initFrom?: string;
  /** With initFrom: learn only the classes that version lacks; it scores its own classes as before (TrainOptions.newClassesOnly). */
  newClassesOnly?: boolean;
  /** Camera model only: mining rounds after the first training, each on fresh photos where the last model is most wrong. */
  rounds?: number;
  /** Camera model only: half the training crops turned to a random hue (withColourTurns), for phone colours the synthetic line lacks. */
  colourTurns?: boolean;
  /** Camera model only: the turned crops' colours also moved from grey by up to SATURATION_TURNS; implies colourTurns. */
  saturationTurns?: boolean;
  /** Camera model only: synthetic training photos drawn under VARIED_LAMPS, not the normal preset's lamps. */
  variedLamps?: boolean;
  /** Keep the trained weights of `version` and redo only the operating point and evaluation. */
  reuseWeights?: boolean;
  /** Camera model only: keep initFrom's network and weights and train a phone finder for them (lib/model/finder.ts). */
  findPhone?: boolean;
}

/**
 * The learning rate when only the new classes learn (a column of the last
 * layer each, on features that stay put): ten times the default, for the
 * column to move in the epochs a run has (bench/results/adapt-v9-new-classes-only.md;
 * at 0.01 and six epochs v9's scuff column caught 7.5% of scuffs as scuffs).
 */
export const NEW_CLASSES_LEARNING_RATE = 0.03;

export const DEFAULT_TRAINING: Omit<TrainingRequest, "version" | "data"> = {
  photos: 4000,
  testPhotos: 1200,
  calibrationPhotos: 3000,
  epochs: 18,
  batch: 16,
  learningRate: 0.003,
  patience: 3,
  seed: 7,
  holdout: 0.3,
  synthShare: 0.5,
  maxFalseReject: 0.025,
  lrSchedule: "constant",
};

export interface TrainingHooks {
  log: (line: string) => void;
  /** Called after every batch; may throw (a cancelled run) to stop training there. */
  progress?: (progress: TrainingProgress) => Promise<void>;
  /** Where the version's folder goes: shippedModelDir or trainedModelDir of the version. */
  dir: string;
  /** The database to read `db` data from (default: the app's own, opened for the run). */
  db?: Db;
}

/**
 * Learning only the new classes, an adapted version scores the starting
 * version's classes as it does: its threshold, placed on its many
 * calibration photos, is where the line's few ok photos start from
 * (placeThreshold keeps it unless they show it rejects more on the line).
 */
export function startingThreshold(request: Pick<TrainingRequest, "initFrom" | "newClassesOnly">): ThresholdAnchor | undefined {
  if (!request.newClassesOnly || !request.initFrom) return undefined;
  const metadata = readMetadata(modelDir(request.initFrom));
  const placedOn = (metadata.training.threshold as { okPhotos?: unknown } | undefined)?.okPhotos;
  return { threshold: metadata.thresholds.decision, from: request.initFrom, ...(typeof placedOn === "number" ? { okPhotos: placedOn } : {}) };
}

/** The operating threshold on the calibration photos, what it can promise, and the warning when it cannot keep the rate asked: logged. */
export function operatingThreshold(
  calibration: readonly ScoredPhoto[],
  maxFalseReject: number,
  anchor: ThresholdAnchor | undefined,
  log: (line: string) => void,
): { placement: ThresholdPlacement; promise: ThresholdPromise; thresholdWarning: string | null } {
  const placement = placeThreshold(calibration, maxFalseReject, anchor);
  if (anchor) log(`threshold ${placement.threshold.toFixed(4)}: ${placement.why}`);
  const promise = thresholdPromise(calibration, placement.threshold, maxFalseReject);
  const unkept = thresholdWarningOf(promise, maxFalseReject);
  const thresholdWarning = unkept && placement.keptFrom ? `${unkept} Until then: ${placement.why}` : unkept;
  if (thresholdWarning) log(`WARNING: ${thresholdWarning}`);
  return { placement, promise, thresholdWarning };
}

/** The metadata's record of where the threshold rests. */
export function thresholdRecord(promise: ThresholdPromise, placement: ThresholdPlacement): Record<string, unknown> {
  return {
    okPhotos: promise.okPhotos,
    falseRejects: promise.falseRejects,
    falseRejectUpperBound: promise.upperBound,
    ...(placement.keptFrom ? { keptFrom: placement.keptFrom } : {}),
  };
}

/** The data cannot train a model: said before any training starts. */
export class TrainingRefused extends Error {}

export interface TrainingOutcome {
  metadata: ModelMetadata;
  reports: Record<string, Evaluation>;
  markdown: string;
  dir: string;
  /** The held-out test photos, for comparing other versions on the same ones. */
  test: Example[];
  /** A warning when the operating threshold cannot keep its false-reject promise, else null. */
  thresholdWarning: string | null;
}

export function regenerateCommand(request: TrainingRequest): string {
  return (
    `npm run train -- --version ${request.version} --data ${request.data} --photos ${request.photos} --seed ${request.seed} --epochs ${request.epochs} --batch ${request.batch}` +
    ` --learning-rate ${request.learningRate} --patience ${request.patience} --holdout ${request.holdout} --max-false-reject ${request.maxFalseReject}` +
    `${request.folds ? ` --folds ${request.folds}` : ""} --calibration-photos ${request.calibrationPhotos} --lr-schedule ${request.lrSchedule}${request.data.startsWith("synth+") ? ` --synth-share ${request.synthShare}` : ""}` +
    `${request.initFrom ? ` --init-from ${request.initFrom}` : ""}${request.newClassesOnly ? " --new-classes-only" : ""}`
  );
}

/** Trains (or re-evaluates) one version and writes its folder: model.json, weights.bin, metadata.json, evaluation.json, EVALUATION.md. */
export async function trainVersion(request: TrainingRequest, hooks: TrainingHooks): Promise<TrainingOutcome> {
  const { log } = hooks;
  const started = Date.now();
  const { seed } = request;
  if (!(request.holdout > 0 && request.holdout < 0.9)) throw new TrainingRefused(`the held-out share must be between 0 and 0.9, not ${request.holdout}`);
  const mix = request.data.startsWith("synth+") ? request.data.slice("synth+".length) : null;
  if (mix !== null && !(request.synthShare > 0 && request.synthShare < 1))
    throw new TrainingRefused(`the synthetic share must be between 0 and 1, not ${request.synthShare}`);
  log(`loading ${describeSource(mix ?? request.data)}`);
  const loaded = await loadLabelledPhotos(mix ?? request.data, { count: request.photos, seed, db: hooks.db, log });
  const isSynthetic = request.data === "synth";
  let photos = loaded;
  if (mix !== null) {
    // Adapting to a line without forgetting the rest: the product's own synthetic line rides along.
    const synthetic = Math.round((loaded.length * request.synthShare) / (1 - request.synthShare));
    log(`mixing ${synthetic} synthetic photos with the ${loaded.length} of ${describeSource(mix)} (${Math.round(request.synthShare * 100)}% synthetic)`);
    photos = [
      ...loaded.map((photo) => ({ ...photo, origin: "line" as const })),
      ...[...synthPhotos(seed + 3000, synthetic)].map((photo) => ({ ...photo, origin: "synth" as const })),
    ];
  }
  // The classes are the data's own (a station's oil and stain too), known before any training starts.
  let classes: string[];
  try {
    classes = isSynthetic ? [...SYNTH_DEFECTS] : classesOfData(photos.map((photo) => photo.label));
  } catch (error) {
    throw new TrainingRefused((error as Error).message);
  }
  const from = request.initFrom ? readMetadata(modelDir(request.initFrom)).classes : null;
  if (request.initFrom && from) classes = classesStartingFrom(classes, from, request.initFrom, log, request.newClassesOnly);
  log(`classes: ok, ${classes.join(", ")}`);
  // The folds and the version alike place their thresholds from it (placeThreshold).
  const anchor = startingThreshold(request);
  const examples = photos.map(toExample);
  let crossValidation: CrossValidation | null = null;
  const split = stratifiedSplit(examples, { validation: request.holdout / 2, test: request.holdout / 2 }, seed + 1);
  log(`${examples.length} photos: ${split.train.length} train, ${split.validation.length} validation, ${split.test.length} test`);
  if (split.train.length === 0 || split.validation.length === 0 || split.test.length === 0) {
    throw new TrainingRefused(`${examples.length} photos are too few to split into training, validation and test photos: label more`);
  }

  if (request.folds && request.folds >= 2) {
    if (isSynthetic) throw new TrainingRefused("--folds is for labelled photos: synthetic ones can be made in any number");
    crossValidation = await crossValidate(examples, classes, request, hooks, from, anchor);
  }

  const { dir } = hooks;
  const startModel = request.initFrom && from ? await loadModel(modelDir(request.initFrom)) : null;
  const { model, history } = request.reuseWeights
    ? await reuseWeights(dir, log)
    : await trainDefectModel(split.train, split.validation, trainOptions(request, classes, seed, startModel, from, log, hooks)).finally(() =>
        startModel?.dispose(),
      );
  try {
    const scored = (set: readonly Example[]) => scoredBy(model, set);
    const validation = await scored(split.validation);
    // With synthetic data, the operating point is chosen on a large fresh calibration
    // set: the validation split holds too few ok photos to place a threshold finely.
    const calibration = isSynthetic ? await scored([...synthPhotos(seed + 500, request.calibrationPhotos)].map(toExample)) : validation;
    const { placement, promise, thresholdWarning } = operatingThreshold(calibration, request.maxFalseReject, anchor, log);
    const { threshold } = placement;
    const { thresholds, classWeights } = operatingPoint(calibration, classes, threshold);
    const reports: Record<string, Evaluation> = {
      ...(isSynthetic ? { [`calibration set (fresh synthetic, seed ${seed + 500})`]: evaluate(calibration, classes, threshold, classWeights) } : {}),
      validation: evaluate(validation, classes, threshold, classWeights),
      "held-out split": evaluate(await scored(split.test), classes, threshold, classWeights),
    };
    if (mix !== null) {
      // The line's own held-out photos, and the base synthetic line it must not forget (beside the version it started from).
      const lineTest = split.test.filter((example) => example.origin === "line");
      reports["held-out split, the line's photos only"] = evaluate(await scored(lineTest), classes, threshold, classWeights, { otherDefects: true });
      const base = [...synthPhotos(seed + 1000, request.testPhotos)].map(toExample);
      reports["fresh synthetic test set, normal lighting"] = evaluate(await scored(base), classes, threshold, classWeights);
      if (request.initFrom)
        reports[`fresh synthetic test set, normal lighting: ${request.initFrom} before`] = await evaluateVersionOn(modelDir(request.initFrom), base);
    }
    if (isSynthetic) {
      // Fresh seeds the model never saw: the normal line, and the lighting change drift must catch.
      for (const preset of ["normal", "lighting-shift"] as const) {
        const fresh = [...synthPhotos(seed + 1000, request.testPhotos, preset)].map(toExample);
        reports[`fresh synthetic test set, ${preset} lighting`] = evaluate(await scored(fresh), classes, threshold, classWeights);
      }
    }

    await saveModel(model, dir);
    const trainingSeconds = request.reuseWeights ? Number(readMetadata(dir).training.seconds ?? 0) : Math.round((Date.now() - started) / 1000);
    const metadata: ModelMetadata = {
      version: request.version,
      createdAt: new Date().toISOString(),
      classes,
      inputSize: MODEL_INPUT_SIZE,
      preprocessing: PREPROCESSING,
      heatmapSize: HEATMAP_SIZE,
      thresholds,
      reference: referenceStatistics(split.train.map((e) => e.statistics)),
      training: {
        data: request.data,
        photos: examples.length,
        split: { train: split.train.length, validation: split.validation.length, test: split.test.length },
        threshold: thresholdRecord(promise, placement),
        seed,
        ...(request.initFrom ? { initFrom: request.initFrom } : {}),
        epochs: history.length,
        history,
        seconds: trainingSeconds,
        parameters: model.countParams(),
      },
      evaluation: evaluationSummaries(reports),
    };
    if (crossValidation) metadata.training.crossValidation = crossValidation;
    writeJson(path.join(dir, "metadata.json"), metadata);
    writeJson(path.join(dir, "evaluation.json"), reports);
    const markdown = [
      `# Model ${metadata.version}: evaluation`,
      "",
      `Trained on ${describeSource(request.data)} (${examples.length} photos, seed ${seed})${request.initFrom ? `, starting from the weights of ${request.initFrom}` : ""} in ${trainingSeconds} s, ${history.length} epochs, ${model.countParams()} parameters.`,
      `Regenerate with \`${regenerateCommand(request)}\` (weights vary a little between runs: the initial weights are not seeded).`,
      ...(anchor ? [`The threshold: ${placement.why}`] : []),
      "",
      ...(crossValidation ? [crossValidationMarkdown(crossValidation)] : []),
      ...Object.entries(reports).map(([name, report]) => evaluationMarkdown(name, report)),
    ].join("\n");
    fs.writeFileSync(path.join(dir, "EVALUATION.md"), markdown);
    return { metadata, reports, markdown, dir, test: split.test, thresholdWarning };
  } finally {
    model.dispose();
  }
}

/** A fine-tuned version's classes: the starting version's keep their places (and weights); the data's new ones follow. */
export function classesStartingFrom(
  classes: readonly string[],
  from: readonly string[],
  version: string,
  log: (line: string) => void,
  newClassesOnly = false,
): string[] {
  const added = classes.filter((name) => !from.includes(name));
  if (newClassesOnly && added.length === 0)
    throw new TrainingRefused(`the data's classes (${classes.join(", ")}) are all known to ${version}: there is no new class to learn alone`);
  log(
    newClassesOnly
      ? `starting from ${version}: only the new classes ${added.join(", ")} are learnt; everything else stays ${version}'s`
      : `starting from ${version}: ${added.length > 0 ? `new classes ${added.join(", ")} start fresh` : "the same classes"}`,
  );
  return [...from.filter((name) => classes.includes(name)), ...added];
}

/**
 * The thresholds of a version from its calibration photos' scores at the
 * chosen decision threshold: the model may pass alone below the score of the
 * 0.5% least suspicious defects, and reject alone above the 0.5% most
 * suspicious ok units.
 */
export function operatingPoint(
  calibration: readonly ScoredPhoto[],
  classes: readonly string[],
  threshold: number,
): { thresholds: ModelMetadata["thresholds"]; classWeights: number[] } {
  const defectScoresOf = (isDefect: boolean) =>
    calibration
      .filter((p) => (p.truth !== "ok") === isDefect)
      .map((p) => defectScore(p.scores))
      .sort((a, b) => a - b);
  const defects = defectScoresOf(true);
  const ok = defectScoresOf(false);
  const classWeights = chooseClassWeights(calibration, classes, threshold);
  return {
    classWeights,
    thresholds: {
      decision: threshold,
      classWeights,
      autoOk: Math.min(threshold, defects[Math.floor(defects.length * 0.005)] ?? 0),
      autoDefect: Math.max(threshold, ok[Math.ceil(ok.length * 0.995) - 1] ?? 1),
    },
  };
}

/**
 * A version's evaluation on given photos with its own operating point, for a
 * side-by-side with a newly trained one on the same held-out photos.
 */
export async function evaluateVersionOn(dir: string, photos: readonly Example[]): Promise<Evaluation> {
  const metadata = readMetadata(dir);
  const model = await loadModel(dir);
  try {
    return evaluate(await scoredBy(model, photos), metadata.classes, metadata.thresholds.decision, metadata.thresholds.classWeights, { otherDefects: true });
  } finally {
    model.dispose();
  }
}

/** Each example with the model's per-class scores, as the evaluation reads them. */
async function scoredBy(model: tf.LayersModel, set: readonly Example[]): Promise<ScoredPhoto[]> {
  const scores = await scoreExamples(model, set);
  return set.map((example, i) => ({ truth: example.label, scores: scores[i] as number[] }));
}

/** A version's metadata.json figures per report set (the full reports go to evaluation.json). */
export function evaluationSummaries(reports: Record<string, Evaluation>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(reports).map(([name, r]) => [
      name,
      { photos: r.photos, defectRecall: r.defectRecall, falseRejectRate: r.falseRejectRate, rocAuc: r.rocAuc, ece: r.calibration.ece, perClass: r.perClass },
    ]),
  );
}

/** The training settings of a request: one run, or one fold of a cross-validation. */
export function trainOptions(
  request: TrainingRequest,
  classes: string[],
  seed: number,
  startModel: tf.LayersModel | null,
  from: string[] | null,
  log: (line: string) => void,
  hooks: TrainingHooks,
): TrainOptions {
  return {
    classes,
    epochs: request.epochs,
    batchSize: request.batch,
    learningRate: request.learningRate,
    patience: request.patience,
    seed,
    cosineDecay: request.lrSchedule === "cosine",
    initFrom: startModel && from ? { model: startModel, classes: from } : undefined,
    newClassesOnly: request.newClassesOnly,
    log,
    progress: hooks.progress,
  };
}

async function reuseWeights(dir: string, log: (line: string) => void): Promise<{ model: tf.LayersModel; history: EpochRecord[] }> {
  await useTrainingBackend();
  const previous = readMetadata(dir);
  log(`reusing the weights of ${previous.version}; only the operating point and evaluation are redone`);
  return { model: await loadModel(dir), history: (previous.training.history ?? []) as EpochRecord[] };
}

export interface CrossValidation {
  folds: number;
  photos: number;
  /** Over every photo, each tested once by the model that never saw it. */
  pooled: { defectRecall: number; falseRejectRate: number; defects: number; okPhotos: number };
  perFold: { photos: number; defectRecall: number; falseRejectRate: number }[];
}

/** Defects caught and ok photos rejected, from an evaluation's confusion matrix (ok is row and column 0). */
function counts(evaluation: Evaluation): { defects: number; caught: number; okPhotos: number; rejected: number } {
  const [okRow = [], ...defectRows] = evaluation.confusion;
  const other = evaluation.otherDefects ?? { photos: 0, caught: 0 };
  return {
    defects: defectRows.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0) + other.photos,
    caught: defectRows.reduce((sum, row) => sum + row.slice(1).reduce((a, b) => a + b, 0), 0) + other.caught,
    okPhotos: okRow.reduce((a, b) => a + b, 0),
    rejected: okRow.slice(1).reduce((a, b) => a + b, 0),
  };
}

async function crossValidate(
  examples: Example[],
  classes: string[],
  request: TrainingRequest,
  hooks: TrainingHooks,
  from: string[] | null,
  anchor: ThresholdAnchor | undefined,
): Promise<CrossValidation> {
  const k = request.folds as number;
  const folds = kFoldSplit(examples, k, request.seed + 2);
  const perFold: CrossValidation["perFold"] = [];
  const total = { defects: 0, caught: 0, okPhotos: 0, rejected: 0 };
  for (let i = 0; i < k; i++) {
    const test = folds[i] as Example[];
    const rest = folds.filter((_, j) => j !== i).flat();
    const inner = stratifiedSplit(rest, { validation: request.holdout / 2, test: 0 }, request.seed + 3 + i);
    hooks.log(`fold ${i + 1} of ${k}: ${inner.train.length} train, ${inner.validation.length} validation, ${test.length} test`);
    const startModel = request.initFrom && from ? await loadModel(modelDir(request.initFrom)) : null;
    const { model } = await trainDefectModel(
      inner.train,
      inner.validation,
      trainOptions(request, classes, request.seed + i, startModel, from, () => {}, hooks),
    ).finally(() => startModel?.dispose());
    try {
      const scored = (set: readonly Example[]) => scoredBy(model, set);
      const validation = await scored(inner.validation);
      // Placed as the final model's is: with --new-classes-only, the starting version's threshold unless the fold's ok photos move it.
      const { threshold } = placeThreshold(validation, request.maxFalseReject, anchor);
      const evaluation = evaluate(await scored(test), classes, threshold, chooseClassWeights(validation, classes, threshold), { otherDefects: true });
      const c = counts(evaluation);
      for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += c[key];
      perFold.push({ photos: test.length, defectRecall: evaluation.defectRecall, falseRejectRate: evaluation.falseRejectRate });
      hooks.log(
        `fold ${i + 1}: defect recall ${(100 * evaluation.defectRecall).toFixed(1)}%, false-reject rate ${(100 * evaluation.falseRejectRate).toFixed(1)}%`,
      );
    } finally {
      model.dispose();
    }
  }
  const ratio = (part: number, whole: number) => (whole === 0 ? Number.NaN : part / whole);
  return {
    folds: k,
    photos: examples.length,
    pooled: {
      defectRecall: ratio(total.caught, total.defects),
      falseRejectRate: ratio(total.rejected, total.okPhotos),
      defects: total.defects,
      okPhotos: total.okPhotos,
    },
    perFold,
  };
}

function crossValidationMarkdown(cv: CrossValidation): string {
  const pct = (x: number) => (Number.isNaN(x) ? "–" : `${(100 * x).toFixed(1)}%`);
  const spread = (values: number[]) => `${pct(Math.min(...values))}–${pct(Math.max(...values))}`;
  return [
    `### ${cv.folds}-fold cross-validation`,
    "",
    `Every one of the ${cv.photos} photos tested once, by a model trained without it (each fold its own threshold, chosen on its own validation photos).`,
    "",
    `- defect recall: **${pct(cv.pooled.defectRecall)}** of ${cv.pooled.defects} defects (folds: ${spread(cv.perFold.map((f) => f.defectRecall))})`,
    `- false-reject rate: **${pct(cv.pooled.falseRejectRate)}** of ${cv.pooled.okPhotos} ok photos (folds: ${spread(cv.perFold.map((f) => f.falseRejectRate))})`,
    "",
  ].join("\n");
}
