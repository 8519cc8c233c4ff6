// `npm run bench:adapt [-- --sizes 30,60,120 --line-test 1000 --base-test 500 --epochs 20 --learning-rate 0.03 --folds 3 --from v13 --no-new-classes-only --seed 2 --lr-schedule cosine --patience 3 --scores-out scores.json]`
// Adapting the camera model to a line it never saw, through the product's own
// loop: a new phone colour and finish (red and white glossy glass), other lamps
// (dimmer and warmer) and a defect class the base model does not know (a
// scuff). For each number of labelled photos: they are written as JPEGs with
// a labels.csv, imported into a station of their own (`npm run import`),
// trained on as the README's recipe does (`npm run train -- --data
// synth+db:<station> --init-from v13 --new-classes-only --folds 3 --epochs 20`),
// and evaluated on 1,000 fresh photos of the line, and on the base synthetic
// line, beside the starting version. Writes bench/results/adapt.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { importFolder } from "../lib/captures/import-folder.ts";
import { captureStoreFromEnv } from "../lib/captures/storage.ts";
import { createPrismaClient, migrate } from "../lib/db/index.ts";
import { openDatabase } from "../lib/postgres/index.ts";
import { type Evaluation, evaluate, evaluateAtOwnRate } from "../lib/model/evaluation.ts";
import type { ScoredPhoto } from "../lib/model/evaluation.ts";
import { chooseBackend } from "../lib/model/inference.ts";
import type { PhotoPixels } from "../lib/model/preprocess.ts";
import { modelDir, WASM_FILES_DIR } from "../lib/model/model-dir.ts";
import { loadDefectModel, readMetadata } from "../lib/model/training/artifacts.ts";
import { adaptCameraVersion, OUT_OF_FOLD } from "../lib/model/training/camera-adapt.ts";
import { cameraPhotos } from "../lib/model/training/camera-data.ts";
import { DEFAULT_TRAINING, NEW_CLASSES_LEARNING_RATE } from "../lib/model/training/pipeline.ts";
import { createStation } from "../lib/stations/stations.ts";
import { LINE, LINE_CLASSES } from "./support/new-line.ts";

const { values } = parseArgs({
  // --no-new-classes-only fine-tunes the whole network instead.
  allowNegative: true,
  options: {
    sizes: { type: "string", default: "30,60,120" },
    "line-test": { type: "string", default: "1000" },
    "base-test": { type: "string", default: "500" },
    epochs: { type: "string", default: "20" },
    // Default: the product's for the mode (0.001 fine-tuning, NEW_CLASSES_LEARNING_RATE learning only the new classes).
    "learning-rate": { type: "string" },
    folds: { type: "string", default: "3" },
    // The training's learning-rate schedule and early stopping, as `npm run train` takes them (default: the product's).
    "lr-schedule": { type: "string" },
    patience: { type: "string" },
    from: { type: "string", default: "v13" },
    // Learn only the line's new class (its column of the last layer); the base version's own classes untouched.
    "new-classes-only": { type: "boolean", default: true },
    // The false-reject rate the threshold is placed at on the line's photos (default: the product's, 2.5%).
    "max-false-reject": { type: "string" },
    // Another draw of the labelled photos and of the training's randomness (1: the committed report's); the test photos stay the same.
    seed: { type: "string", default: "1" },
    out: { type: "string", default: "bench/results/adapt.md" },
    // Also write every score (out of fold, the line's and the base line's test photos, each version's thresholds) as JSON, to study thresholds without training again.
    "scores-out": { type: "string" },
  },
});
const SIZES = (values.sizes ?? "").split(",").map(Number);
const LINE_TEST = Number(values["line-test"]);
const BASE_TEST = Number(values["base-test"]);
const EPOCHS = Number(values.epochs);
const FOLDS = Number(values.folds);
const FROM = values.from ?? "v13";
const NEW_CLASSES_ONLY = values["new-classes-only"] ?? true;
const LEARNING_RATE = Number(values["learning-rate"] ?? (NEW_CLASSES_ONLY ? NEW_CLASSES_LEARNING_RATE : 0.001));
const MAX_FALSE_REJECT = Number(values["max-false-reject"] ?? DEFAULT_TRAINING.maxFalseReject);
const DRAW = Number(values.seed) - 1;
const LR_SCHEDULE = values["lr-schedule"] ?? DEFAULT_TRAINING.lrSchedule;
if (LR_SCHEDULE !== "constant" && LR_SCHEDULE !== "cosine") throw new Error(`--lr-schedule is constant or cosine, not ${LR_SCHEDULE}`);
const PATIENCE = Number(values.patience ?? DEFAULT_TRAINING.patience);
/** The target's false-reject rate on the line (defect recall >= 90% at false rejects <= 5%). */
const TARGET_FALSE_REJECT = 0.05;
if (!Number.isInteger(DRAW) || DRAW < 0) throw new Error(`--seed must be a whole number from 1, not ${values.seed}`);

const work = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-adapt-"));
// The bench's own data dir: the import and the training read one photo store, as the app's commands do.
process.env.UNDERSTUDY_DATA_DIR = work;
const database = await openDatabase(path.join(work, "db"), () => {});
const prisma = createPrismaClient(database.url);
const store = captureStoreFromEnv(process.env, work);
const log = (line: string) => console.log(`[adapt] ${line}`);
const pct = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? "–" : `${(100 * x).toFixed(1)}%`);
const started = Date.now();

try {
  await migrate(database.url);
  const from = readMetadata(modelDir(FROM));
  const adapted: {
    photos: number;
    seconds: number;
    dir: string;
    held: Evaluation;
    outOfFold: Evaluation | undefined;
    outOfFoldScores: readonly ScoredPhoto[];
    /** The starting version whose threshold the adapted one kept, if it did (placeThreshold). */
    keptFrom: string | undefined;
  }[] = [];
  for (const size of SIZES) {
    const slug = `new-line-${size}`;
    await createStation(prisma, {
      slug,
      name: `New line (${size} photos)`,
      defectClasses: LINE_CLASSES.map((key) => ({ key, label: key[0]!.toUpperCase() + key.slice(1) })),
    });
    const folder = path.join(work, slug);
    fs.mkdirSync(folder, { recursive: true });
    const csv = ["file,label,defect_type"];
    let n = 0;
    for (const photo of cameraPhotos(555_000 + 10_000 * DRAW, size, LINE)) {
      const file = `unit-${String(n++).padStart(4, "0")}.jpg`;
      await sharp(Buffer.from(photo.rgba.buffer), { raw: { width: photo.width, height: photo.height, channels: 4 } })
        .jpeg({ quality: 92 })
        .toFile(path.join(folder, file));
      csv.push(photo.label === "ok" ? `${file},ok,` : `${file},defect,${photo.label}`);
    }
    fs.writeFileSync(path.join(folder, "labels.csv"), `${csv.join("\n")}\n`);
    const imported = await importFolder(prisma, store, folder, slug);
    log(`${slug}: imported ${imported.imported} photos`);
    const runStarted = Date.now();
    const dir = path.join(work, "models", `adapt-${size}`);
    let outOfFoldScores: readonly ScoredPhoto[] = [];
    // The big test sets are scored below, once per photo for every version: here only the line's own held-out photos.
    const outcome = await adaptCameraVersion(
      {
        ...DEFAULT_TRAINING,
        seed: DEFAULT_TRAINING.seed + 100 * DRAW,
        maxFalseReject: MAX_FALSE_REJECT,
        version: `adapt-${size}`,
        data: `synth+db:${slug}`,
        initFrom: FROM,
        newClassesOnly: NEW_CLASSES_ONLY,
        photos: size,
        epochs: EPOCHS,
        learningRate: LEARNING_RATE,
        testPhotos: 0,
        holdout: 0.3,
        synthShare: 0.5,
        folds: FOLDS,
        lrSchedule: LR_SCHEDULE,
        patience: PATIENCE,
      },
      { log, dir, db: prisma },
      { compareWithStart: false, onOutOfFold: (scored) => (outOfFoldScores = scored) },
    );
    adapted.push({
      photos: size,
      seconds: Math.round((Date.now() - runStarted) / 1000),
      dir,
      held: outcome.reports["held-out split, the line's photos only"] as Evaluation,
      outOfFold: outcome.reports[OUT_OF_FOLD.name],
      outOfFoldScores,
      keptFrom: (outcome.metadata.training.threshold as { keptFrom?: string } | undefined)?.keptFrom,
    });
  }

  // Every version, each at its own threshold, on the same fresh photos: each photo made once and scored by all.
  await chooseBackend(["wasm", "cpu"], WASM_FILES_DIR);
  const versions = [
    { name: FROM, metadata: from, model: await loadDefectModel(modelDir(FROM), from) },
    ...adapted.map(({ photos, dir }) => {
      const metadata = readMetadata(dir);
      return { name: `${photos} photos`, metadata, dir };
    }),
  ];
  const models = await Promise.all(versions.map(async (v) => ("model" in v ? v.model : loadDefectModel(v.dir, v.metadata))));
  const scoreAll = async (photos: Iterable<PhotoPixels & { label: string }>, what: string): Promise<{ scored: ScoredPhoto[]; evaluation: Evaluation }[]> => {
    const scored: ScoredPhoto[][] = models.map(() => []);
    let count = 0;
    for (const photo of photos) {
      for (const [i, model] of models.entries()) {
        const prediction = await model.predict(photo);
        scored[i]!.push({ truth: photo.label, scores: model.metadata.classes.map((name) => prediction.scores[name] ?? 0) });
      }
      if (++count % 250 === 0) log(`${what}: ${count} photos scored by ${models.length} versions`);
    }
    return models.map((model, i) => ({
      scored: scored[i]!,
      evaluation: evaluate(scored[i]!, model.metadata.classes, model.metadata.thresholds.decision, model.metadata.thresholds.classWeights, {
        otherDefects: true,
      }),
    }));
  };
  const onLine = await scoreAll(cameraPhotos(777_000, LINE_TEST, LINE), "the line");
  const onBase = await scoreAll(cameraPhotos(888_000, BASE_TEST), "the base line");
  if (values["scores-out"]) {
    const scores = versions.map((v, i) => ({
      name: v.name,
      classes: models[i]!.metadata.classes,
      thresholds: models[i]!.metadata.thresholds,
      outOfFold: i === 0 ? [] : adapted[i - 1]!.outOfFoldScores,
      line: onLine[i]!.scored,
      base: onBase[i]!.scored,
    }));
    fs.writeFileSync(values["scores-out"], JSON.stringify(scores));
  }
  models.forEach((model) => model.dispose());
  const fromOnLine = onLine[0]!.evaluation;
  const fromOnBase = onBase[0]!.evaluation;
  // Where a threshold lands and how well the model separates, apart: the most a threshold could catch on the line's
  // test photos at the target's false-reject rate, and on the base line at the starting version's own rate there.
  const bestOnLine = onLine.map(({ scored }, i) => evaluateAtOwnRate(scored, models[i]!.metadata.classes, TARGET_FALSE_REJECT));
  const onBaseAtFromRate = onBase.map(({ scored }, i) => evaluateAtOwnRate(scored, models[i]!.metadata.classes, fromOnBase.falseRejectRate));
  const rows = adapted.map((a, i) => ({
    ...a,
    line: onLine[i + 1]!.evaluation,
    base: onBase[i + 1]!.evaluation,
    bestOnLine: bestOnLine[i + 1]!,
    baseAtFromRate: onBaseAtFromRate[i + 1]!,
    scuff: onLine[i + 1]!.evaluation.perClass.find((c) => c.label === "scuff")?.recall,
  }));
  for (const r of rows)
    log(`${r.photos} photos: line recall ${pct(r.line.defectRecall)} at ${pct(r.line.falseRejectRate)} false rejects, trained in ${r.seconds} s`);

  const lines = [
    "# Adapting the camera model to a new line",
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} on this machine (2 cores) by \`npm run bench:adapt${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}\` in ${Math.round((Date.now() - started) / 60_000)} minutes; every version at its own threshold on the same ${LINE_TEST} fresh photos of the line and ${BASE_TEST} of the base synthetic line.`,
    "",
    `The line: red and white glossy phones under dimmer, warmer lamps, half of the units good, and a defect ${FROM} has no class for (a scuff: an abraded patch) as its most common one.`,
    `Each size is that many labelled photos (JPEG, \`labels.csv\`) imported into a station of its own and trained on as \`npm run train -- --data synth+db:<station> --init-from ${FROM}${NEW_CLASSES_ONLY ? " --new-classes-only" : ""}${FOLDS >= 2 ? ` --folds ${FOLDS}` : ""} --learning-rate ${LEARNING_RATE}${values["max-false-reject"] ? ` --max-false-reject ${MAX_FALSE_REJECT}` : ""}${values["lr-schedule"] ? ` --lr-schedule ${LR_SCHEDULE}` : ""}${values.patience ? ` --patience ${PATIENCE}` : ""}\` would`,
    `(${EPOCHS} epochs at most, learning rate ${LEARNING_RATE}, 30% held out, as many synthetic camera photos mixed in as the line's training photos); the threshold is placed at ${pct(MAX_FALSE_REJECT)} false rejects on ` +
      (FOLDS >= 2
        ? `every training and validation photo of the line, each scored by one of ${FOLDS} models trained without it (out of fold; train time includes those trainings)`
        : "the line's validation photos") +
      (NEW_CLASSES_ONLY
        ? `; learning only the new class, ${FROM}'s own threshold stands, while the line's ok photos there are too few to place one themselves, unless they show it rejects more than ${pct(MAX_FALSE_REJECT)} (a one-sided binomial test at 5%: the threshold column says which).`
        : "."),
    ...(DRAW > 0
      ? [
          `Draw ${DRAW + 1} (\`--seed ${DRAW + 1}\`): the labelled photos are another ${SIZES.join(" / ")} (from photo seed ${555_000 + 10_000 * DRAW}) and the training's seed is ${DEFAULT_TRAINING.seed + 100 * DRAW}; the test photos are the committed report's.`,
        ]
      : []),
    "ROC-AUC ranks the line's defect photos against its ok ones whatever the threshold: how well the model separates them, apart from where the threshold sits.",
    `Two more columns keep the same apart: the line's best recall at ${pct(TARGET_FALSE_REJECT)} false rejects (the threshold placed on the ${LINE_TEST} test photos themselves: the most any threshold could catch there), and the base line's recall at ${FROM}'s false-reject rate there (a version that forgot the base line loses recall at that rate; one whose threshold only moved keeps it).`,
    "",
    `Target with 120 photos: defect recall >= 90% at false rejects <= 5% on ${LINE_TEST} fresh photos of the line, and the base synthetic line no worse than 2 points of recall.`,
    "",
    `| labelled photos | train time | threshold | line: defect recall | line: false rejects | line: ROC-AUC | line: best recall at ${pct(TARGET_FALSE_REJECT)} false rejects | line: scuff recall | the line's photos out of fold: recall / false rejects | held-out line photos: recall / false rejects | base line: defect recall (${FROM}: ${pct(fromOnBase.defectRecall)}) | base line: false rejects (${FROM}: ${pct(fromOnBase.falseRejectRate)}) | base line: recall at ${FROM}'s ${pct(fromOnBase.falseRejectRate)} false rejects |`,
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    `| 0 (${FROM} as shipped) | – | ${from.thresholds.decision.toFixed(4)} (its own) | ${pct(fromOnLine.defectRecall)} | ${pct(fromOnLine.falseRejectRate)} | ${fromOnLine.rocAuc.toFixed(3)} | ${pct(bestOnLine[0]!.defectRecall)} | – (no class; caught as another defect: ${fromOnLine.otherDefects ? `${fromOnLine.otherDefects.caught} of ${fromOnLine.otherDefects.photos}` : "–"}) | – | – | ${pct(fromOnBase.defectRecall)} | ${pct(fromOnBase.falseRejectRate)} | ${pct(onBaseAtFromRate[0]!.defectRecall)} |`,
    ...rows.map(
      (r) =>
        `| ${r.photos} | ${Math.round(r.seconds / 60)} min | ${r.line.threshold.toFixed(4)} (${r.keptFrom ? `${r.keptFrom}'s, kept` : "placed on the line"}) | ${pct(r.line.defectRecall)} | ${pct(r.line.falseRejectRate)} | ${r.line.rocAuc.toFixed(3)} | ${pct(r.bestOnLine.defectRecall)} | ${pct(r.scuff)} | ${r.outOfFold ? `${pct(r.outOfFold.defectRecall)} / ${pct(r.outOfFold.falseRejectRate)} (${r.outOfFold.photos} photos)` : "–"} | ${pct(r.held.defectRecall)} / ${pct(r.held.falseRejectRate)} (${r.held.photos} photos) | ${pct(r.base.defectRecall)} | ${pct(r.base.falseRejectRate)} | ${pct(r.baseAtFromRate.defectRecall)} |`,
    ),
    "",
  ];
  fs.mkdirSync(path.dirname(values.out ?? "bench/results/adapt.md"), { recursive: true });
  fs.writeFileSync(values.out ?? "bench/results/adapt.md", lines.join("\n"));
  console.log(lines.join("\n"));
} finally {
  await prisma.$disconnect();
  await database.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
