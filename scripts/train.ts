// `npm run train -- [--version v2] [--data [synth+]synth|folder:<path>|db[:<station>]|camera-synth] [--synth-share 0.5]
//                   [--photos 4000] [--holdout 0.3] [--folds 5] [--epochs 18] [--seed 7] [--init-from v2] [--new-classes-only]
//                   [--rounds 0] [--colour-turns] [--saturation-turns] [--varied-lamps] [--find-phone] [--register] [--candidate-for all|<station>]`
// Trains the patch-scoring defect model with tfjs in Node (cpu backend) and
// writes public/models/<version>/: model.json, weights.bin, metadata.json (classes,
// preprocessing, thresholds, the drift reference, the evaluation) and
// EVALUATION.md. With --register, records the version in the database; with
// --candidate-for, also makes it the candidate (green) model of those stations.
// The work itself is lib/model/training/pipeline.ts, which a retraining run
// started on /models runs too; `--data camera-synth` trains the camera model
// (lib/model/training/camera.ts) on synthetic 1920x1080 photos, and
// `--init-from` a camera version adapts it to a line's photos; with
// `--data camera-synth --find-phone` it keeps that version's network and
// trains it a phone finder (lib/model/training/finder.ts).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { shippedModelDir } from "../lib/model/model-dir.ts";
import { artifactFiles } from "../lib/model/training/artifacts.ts";
import { FINDER_TRAINING } from "../lib/model/training/finder.ts";
import { trainModelVersion } from "../lib/model/training/train-version.ts";
import { DEFAULT_TRAINING as D, NEW_CLASSES_LEARNING_RATE, TrainingRefused } from "../lib/model/training/pipeline.ts";
import { registerModelVersion } from "../lib/model/training/register.ts";

const { values: args } = parseArgs({
  options: {
    version: { type: "string", default: "v1" },
    data: { type: "string", default: "synth" },
    // Default: DEFAULT_TRAINING's, or FINDER_TRAINING's with --find-phone (so are the epochs and the learning rate).
    photos: { type: "string" },
    "test-photos": { type: "string", default: String(D.testPhotos) },
    // Synthetic data only: fresh photos (their own seed) the operating point is chosen on.
    "calibration-photos": { type: "string", default: String(D.calibrationPhotos) },
    epochs: { type: "string" },
    batch: { type: "string", default: String(D.batch) },
    // Default: DEFAULT_TRAINING's, FINDER_TRAINING's with --find-phone, or NEW_CLASSES_LEARNING_RATE with --new-classes-only.
    "learning-rate": { type: "string" },
    patience: { type: "string", default: String(D.patience) },
    seed: { type: "string", default: String(D.seed) },
    // The share of photos held out from training, half to validate (and place the threshold on, for real photos), half to test.
    holdout: { type: "string", default: String(D.holdout) },
    // With few labelled photos: also cross-validate over k folds (0: no).
    folds: { type: "string", default: "0" },
    // With --data synth+<source>: the share of synthetic photos mixed with the line's.
    "synth-share": { type: "string", default: String(D.synthShare) },
    // The false-reject rate allowed on the calibration set (synthetic data) or the validation split when choosing the operating threshold.
    "max-false-reject": { type: "string", default: String(D.maxFalseReject) },
    register: { type: "boolean", default: false },
    "candidate-for": { type: "string" },
    // Keep the trained weights of --version and redo only the operating point and evaluation.
    "reuse-weights": { type: "boolean", default: false },
    // Fine-tune: start from the weights of this shipped version rather than fresh ones.
    "init-from": { type: "string" },
    // With --init-from: learn only the classes that version lacks; it scores its own exactly as before.
    "new-classes-only": { type: "boolean", default: false },
    "lr-schedule": { type: "string", default: D.lrSchedule },
    // The camera model: mining rounds after the first training, each on --photos fresh photos where the last model is most wrong.
    rounds: { type: "string", default: "0" },
    // The camera model: half the training crops turned to a random hue, for phone colours the synthetic line lacks.
    "colour-turns": { type: "boolean", default: false },
    // With --colour-turns (or alone, implying it): the turned crops' colours also made more or less vivid.
    "saturation-turns": { type: "boolean", default: false },
    // The camera model: training photos drawn under lamps wider than the normal preset's both ways (VARIED_LAMPS).
    "varied-lamps": { type: "boolean", default: false },
    // The camera model: keep --init-from's network and weights, and train a phone finder for them.
    "find-phone": { type: "boolean", default: false },
  },
});

const log = (line: string) => console.log(`[train] ${line}`);
args["learning-rate"] ??= String(args["find-phone"] ? FINDER_TRAINING.learningRate : args["new-classes-only"] ? NEW_CLASSES_LEARNING_RATE : D.learningRate);
args.photos ??= String(args["find-phone"] ? FINDER_TRAINING.photos : D.photos);
args.epochs ??= String(args["find-phone"] ? FINDER_TRAINING.epochs : D.epochs);
const numbers = {
  photos: "photos",
  testPhotos: "test-photos",
  calibrationPhotos: "calibration-photos",
  epochs: "epochs",
  batch: "batch",
  learningRate: "learning-rate",
  patience: "patience",
  seed: "seed",
  folds: "folds",
  holdout: "holdout",
  synthShare: "synth-share",
  maxFalseReject: "max-false-reject",
  rounds: "rounds",
} as const;
const parsed = Object.fromEntries(Object.entries(numbers).map(([key, flag]) => [key, Number(args[flag])])) as Record<keyof typeof numbers, number>;
const badFlag = Object.entries(numbers).find(([key]) => !Number.isFinite(parsed[key as keyof typeof numbers]));
if (badFlag) {
  console.error(`[train] --${badFlag[1]} must be a number, not ${JSON.stringify(args[badFlag[1]])}`);
  process.exit(2);
}
if (args["lr-schedule"] !== "constant" && args["lr-schedule"] !== "cosine") {
  console.error(`[train] --lr-schedule is constant or cosine, not ${JSON.stringify(args["lr-schedule"])}`);
  process.exit(2);
}

let outcome: Awaited<ReturnType<typeof trainModelVersion>>;
try {
  const request = {
    version: args.version ?? "v1",
    data: args.data ?? "synth",
    ...parsed,
    lrSchedule: args["lr-schedule"],
    initFrom: args["init-from"],
    newClassesOnly: args["new-classes-only"],
    reuseWeights: args["reuse-weights"],
    colourTurns: args["colour-turns"],
    saturationTurns: args["saturation-turns"],
    variedLamps: args["varied-lamps"],
    findPhone: args["find-phone"],
  } as const;
  const hooks = { log, dir: shippedModelDir(args.version ?? "v1") };
  outcome = await trainModelVersion(request, hooks);
} catch (error) {
  if (!(error instanceof TrainingRefused)) throw error;
  console.error(`[train] cannot train: ${error.message}`);
  process.exit(1);
}
const { metadata, markdown, dir } = outcome;
console.log(markdown);
const bytes = artifactFiles(metadata).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
log(`wrote ${dir} (${(bytes / 1024).toFixed(0)} KiB of model) in ${metadata.training.seconds} s`);

if (args.register || args["candidate-for"]) {
  const { changed, refused } = await registerModelVersion(metadata, `/models/${metadata.version}`, args["candidate-for"]);
  log(`registered ${metadata.version} in the database${changed.length > 0 ? `; candidate on ${changed.join(", ")}` : ""}`);
  for (const { slug, why } of refused) log(`not a candidate on ${slug}: ${why}`);
}
