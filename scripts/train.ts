// `npm run train -- [--version v2] [--data synth|folder:<path>|db[:<station>]] [--photos 4000]
//                   [--holdout 0.3] [--epochs 18] [--seed 7] [--register] [--candidate-for all|<station>]`
// Trains the patch-scoring defect model with tfjs in Node (cpu backend) and
// writes public/models/<version>/: model.json, weights.bin, metadata.json (classes,
// preprocessing, thresholds, the drift reference, the evaluation) and
// EVALUATION.md. With --register, records the version in the database; with
// --candidate-for, also makes it the candidate (green) model of those stations.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { chooseClassWeights, chooseThreshold, defectScore, evaluate, type ScoredPhoto, thresholdPromise } from "../lib/model/evaluation.ts";
import type { ModelMetadata } from "../lib/model/metadata.ts";
import { MODEL_INPUT_SIZE, PREPROCESSING } from "../lib/model/preprocess.ts";
import { loadModel, modelDir, readMetadata, referenceStatistics, saveModel, writeJson } from "../lib/model/training/artifacts.ts";
import { classesOfData, type Example, HEATMAP_SIZE, stratifiedSplit, synthPhotos, toExample } from "../lib/model/training/dataset.ts";
import { evaluationMarkdown } from "../lib/model/training/report.ts";
import { loadLabelledPhotos, describeSource } from "../lib/model/training/sources.ts";
import { type EpochRecord, scoreExamples, trainDefectModel } from "../lib/model/training/train.ts";
import * as tf from "@tensorflow/tfjs";
import { registerModelVersion } from "../lib/model/training/register.ts";
import { SYNTH_DEFECTS } from "../lib/synth/photo.ts";

const { values: args } = parseArgs({
  options: {
    version: { type: "string", default: "v1" },
    data: { type: "string", default: "synth" },
    photos: { type: "string", default: "4000" },
    "test-photos": { type: "string", default: "1200" },
    // Synthetic data only: fresh photos (their own seed) the operating point is chosen on.
    "calibration-photos": { type: "string", default: "3000" },
    epochs: { type: "string", default: "18" },
    batch: { type: "string", default: "16" },
    "learning-rate": { type: "string", default: "0.003" },
    patience: { type: "string", default: "3" },
    seed: { type: "string", default: "7" },
    // The share of photos held out from training, half to validate (and place the threshold on, for real photos), half to test.
    holdout: { type: "string", default: "0.3" },
    // The false-reject rate allowed on the calibration set (synthetic data) or the validation split when choosing the operating threshold.
    "max-false-reject": { type: "string", default: "0.025" },
    register: { type: "boolean", default: false },
    "candidate-for": { type: "string" },
    // Keep the trained weights of --version and redo only the operating point and evaluation.
    "reuse-weights": { type: "boolean", default: false },
    // Fine-tune: start from the weights of this shipped version rather than fresh ones.
    "init-from": { type: "string" },
    "lr-schedule": { type: "string", default: "constant" },
  },
});

const log = (line: string) => console.log(`[train] ${line}`);
const started = Date.now();
const seed = Number(args.seed);

log(`loading ${describeSource(args.data ?? "synth")}`);
const photos = await loadLabelledPhotos(args.data ?? "synth", { count: Number(args.photos), seed });
// The classes are the data's own (a station's oil and stain too), known before any training starts.
let classes: string[];
try {
  classes = (args.data ?? "synth") === "synth" ? [...SYNTH_DEFECTS] : classesOfData(photos.map((photo) => photo.label));
  if (args["init-from"]) {
    const from = readMetadata(modelDir(args["init-from"])).classes;
    if (from.join() !== classes.join()) throw new Error(`--init-from ${args["init-from"]} knows ${from.join(", ")}; this data has ${classes.join(", ")}: train from scratch`);
  }
} catch (error) {
  console.error(`[train] cannot train: ${(error as Error).message}`);
  process.exit(1);
}
log(`classes: ok, ${classes.join(", ")}`);
const examples = photos.map(toExample);
const holdout = Number(args.holdout);
if (!(holdout > 0 && holdout < 0.9)) {
  console.error(`[train] --holdout must be a share between 0 and 0.9, not ${JSON.stringify(args.holdout)}`);
  process.exit(2);
}
const split = stratifiedSplit(examples, { validation: holdout / 2, test: holdout / 2 }, seed + 1);
log(`${examples.length} photos: ${split.train.length} train, ${split.validation.length} validation, ${split.test.length} test`);

const { model, history } = args["reuse-weights"]
  ? await reuseWeights(args.version ?? "v1")
  : await trainDefectModel(split.train, split.validation, {
      classes,
      epochs: Number(args.epochs),
      batchSize: Number(args.batch),
      learningRate: Number(args["learning-rate"]),
      patience: Number(args.patience),
      seed,
      cosineDecay: args["lr-schedule"] === "cosine",
      initialWeights: args["init-from"] ? await initialWeightsOf(args["init-from"]) : undefined,
      log,
    });

async function initialWeightsOf(version: string): Promise<tf.Tensor[]> {
  log(`starting from the weights of ${version}`);
  return (await loadModel(modelDir(version))).getWeights();
}

async function reuseWeights(version: string) {
  await tf.setBackend("cpu");
  const previous = readMetadata(modelDir(version));
  log(`reusing the weights of ${version}; only the operating point and evaluation are redone`);
  return { model: await loadModel(modelDir(version)), history: (previous.training.history ?? []) as EpochRecord[] };
}

async function scored(set: readonly Example[]): Promise<ScoredPhoto[]> {
  const scores = await scoreExamples(model, set);
  return set.map((example, i) => ({ truth: example.label, scores: scores[i] as number[] }));
}

const validation = await scored(split.validation);
// With synthetic data, the operating point is chosen on a large fresh calibration
// set: the validation split holds too few ok photos to place a threshold finely.
const isSynthetic = (args.data ?? "synth") === "synth";
const calibration = isSynthetic ? await scored([...synthPhotos(seed + 500, Number(args["calibration-photos"]))].map(toExample)) : validation;
const threshold = chooseThreshold(calibration, Number(args["max-false-reject"]));
const promise = thresholdPromise(calibration, threshold, Number(args["max-false-reject"]));
if (!promise.isKept) {
  const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
  log(
    `WARNING: the operating threshold rests on ${promise.okPhotos} ok photos (${promise.falseRejects} rejected): the false-reject rate is only known ` +
      `to be under ${percent(promise.upperBound)} (95%), not the ${percent(Number(args["max-false-reject"]))} asked. Label at least ` +
      `${promise.okPhotosNeeded} ok photos for the threshold (--holdout places half the held-out photos there) to promise it.`,
  );
}
const defectScoresOf = (set: ScoredPhoto[], isDefect: boolean) =>
  set.filter((p) => (p.truth !== "ok") === isDefect).map((p) => defectScore(p.scores)).sort((a, b) => a - b);
const calibrationDefects = defectScoresOf(calibration, true);
const calibrationOk = defectScoresOf(calibration, false);
const classWeights = chooseClassWeights(calibration, classes, threshold);
const thresholds = {
  decision: threshold,
  classWeights,
  // The model may pass alone below the score of the 0.5% least suspicious defects (of the calibration set),
  // and reject alone above the 0.5% most suspicious ok units.
  autoOk: Math.min(threshold, calibrationDefects[Math.floor(calibrationDefects.length * 0.005)] ?? 0),
  autoDefect: Math.max(threshold, calibrationOk[Math.ceil(calibrationOk.length * 0.995) - 1] ?? 1),
};

const reports: Record<string, ReturnType<typeof evaluate>> = {
  ...(isSynthetic ? { [`calibration set (fresh synthetic, seed ${seed + 500})`]: evaluate(calibration, classes, threshold, classWeights) } : {}),
  validation: evaluate(validation, classes, threshold, classWeights),
  "held-out split": evaluate(await scored(split.test), classes, threshold, classWeights),
};
if (isSynthetic) {
  // Fresh seeds the model never saw: the normal line, and the lighting change drift must catch.
  for (const preset of ["normal", "lighting-shift"] as const) {
    const fresh = [...synthPhotos(seed + 1000, Number(args["test-photos"]), preset)].map(toExample);
    reports[`fresh synthetic test set, ${preset} lighting`] = evaluate(await scored(fresh), classes, threshold, classWeights);
  }
}

const dir = modelDir(args.version ?? "v1");
await saveModel(model, dir);
const trainingSeconds = args["reuse-weights"] ? Number(readMetadata(dir).training.seconds ?? 0) : Math.round((Date.now() - started) / 1000);
const metadata: ModelMetadata = {
  version: args.version ?? "v1",
  createdAt: new Date().toISOString(),
  classes,
  inputSize: MODEL_INPUT_SIZE,
  preprocessing: PREPROCESSING,
  heatmapSize: HEATMAP_SIZE,
  thresholds,
  reference: referenceStatistics(split.train.map((e) => e.statistics)),
  training: {
    data: args.data,
    photos: examples.length,
    split: { train: split.train.length, validation: split.validation.length, test: split.test.length },
    threshold: { okPhotos: promise.okPhotos, falseRejects: promise.falseRejects, falseRejectUpperBound: promise.upperBound },
    seed,
    ...(args["init-from"] ? { initFrom: args["init-from"] } : {}),
    epochs: history.length,
    history,
    seconds: trainingSeconds,
    parameters: model.countParams(),
  },
  evaluation: Object.fromEntries(
    Object.entries(reports).map(([name, r]) => [name, { photos: r.photos, defectRecall: r.defectRecall, falseRejectRate: r.falseRejectRate, rocAuc: r.rocAuc, ece: r.calibration.ece, perClass: r.perClass }]),
  ),
};
writeJson(path.join(dir, "metadata.json"), metadata);
writeJson(path.join(dir, "evaluation.json"), reports);
const markdown = [
  `# Model ${metadata.version}: evaluation`,
  "",
  `Trained on ${describeSource(args.data ?? "synth")} (${examples.length} photos, seed ${seed})${args["init-from"] ? `, starting from the weights of ${args["init-from"]}` : ""} in ${trainingSeconds} s, ${history.length} epochs, ${model.countParams()} parameters.`,
  `Regenerate with \`npm run train -- --version ${metadata.version} --data ${args.data} --photos ${args.photos} --seed ${seed} --epochs ${args.epochs} --batch ${args.batch} --learning-rate ${args["learning-rate"]} --patience ${args.patience} --max-false-reject ${args["max-false-reject"]} --calibration-photos ${args["calibration-photos"]} --lr-schedule ${args["lr-schedule"]}${args["init-from"] ? ` --init-from ${args["init-from"]}` : ""}\`` +
    ` (weights vary a little between runs: the initial weights are not seeded).`,
  "",
  ...Object.entries(reports).map(([name, report]) => evaluationMarkdown(name, report)),
].join("\n");
fs.writeFileSync(path.join(dir, "EVALUATION.md"), markdown);
console.log(markdown);
const bytes = ["model.json", "weights.bin"].reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
log(`wrote ${dir} (${(bytes / 1024).toFixed(0)} KiB of model) in ${trainingSeconds} s`);

if (args.register || args["candidate-for"]) {
  const { changed, refused } = await registerModelVersion(metadata, `/models/${metadata.version}`, args["candidate-for"]);
  log(`registered ${metadata.version} in the database${changed.length > 0 ? `; candidate on ${changed.join(", ")}` : ""}`);
  for (const { slug, why } of refused) log(`not a candidate on ${slug}: ${why}`);
}
