// `npm run bench:phone-region [-- --version v9 --finder v10 --line-test 1000 --base-test 500]`
// How much of a camera model's trouble on bench:adapt's new line comes from
// the bench around the phone rather than the phone: the same photos scored
// as shipped (a class's score is its most suspicious patch anywhere in the
// frame) and with only the patches on the phone counted, the phone's place
// taken from the synthetic photo's own pose (an oracle: what a phone finder
// or a station's region of interest could at best give), at several margins
// around it; and with the phone found by a linear probe on the version's own
// last features (fit on base synthetic photos): whether the model already
// knows where the phone is; and by the phone finder a version ships with
// (`--finder`, lib/model/finder.ts). No training of the model: the version
// as shipped. Writes bench/results/phone-region.md.
import fs from "node:fs";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { PATCH_LOGITS_LAYER } from "../lib/model/architecture.ts";
import { chooseThreshold, type Evaluation, evaluate, evaluateAtOwnRate, type ScoredPhoto } from "../lib/model/evaluation.ts";
import { chooseBackend } from "../lib/model/inference.ts";
import { modelDir, WASM_FILES_DIR } from "../lib/model/model-dir.ts";
import { preprocessFrame } from "../lib/model/preprocess.ts";
import { phoneMasks } from "../lib/model/finder.ts";
import { countedCells, regionMask, type InspectionRegion } from "../lib/model/region.ts";
import { loadModel, readMetadata } from "../lib/model/training/artifacts.ts";
import { cameraPhotos } from "../lib/model/training/camera-data.ts";
import { type CameraPhoto, isOnPhone } from "../lib/synth/camera.ts";
import { LINE } from "./support/new-line.ts";

const { values } = parseArgs({
  options: {
    version: { type: "string", default: "v9" },
    "line-test": { type: "string", default: "1000" },
    "base-test": { type: "string", default: "500" },
    "probe-photos": { type: "string", default: "150" },
    // A version whose phone finder (lib/model/finder.ts) the last row counts the patches with.
    finder: { type: "string", default: "v10" },
    out: { type: "string", default: "bench/results/phone-region.md" },
  },
});
const VERSION = values.version ?? "v9";
const LINE_TEST = Number(values["line-test"]);
const BASE_TEST = Number(values["base-test"]);
const PROBE_PHOTOS = Number(values["probe-photos"]);
const FINDER = values.finder ?? "v10";
/** Photo pixels around the phone's outline still counted (a patch is 24 px of the photo). */
const MARGINS = [0, 24, 48, 96];
const log = (line: string) => console.log(`[phone-region] ${line}`);
const started = Date.now();

/** Pixels around the phone's upright box in the station-region row. */
const BOX_MARGIN = 24;

/**
 * The region an engineer would draw over a fixture holding this phone: its
 * upright bounding box and BOX_MARGIN pixels, as fractions of the photo.
 */
function stationRegion(photo: CameraPhoto): InspectionRegion {
  const { cx, cy, angle, length, width } = photo.pose;
  const halfX = Math.abs((length / 2) * Math.cos(angle)) + Math.abs((width / 2) * Math.sin(angle)) + BOX_MARGIN;
  const halfY = Math.abs((length / 2) * Math.sin(angle)) + Math.abs((width / 2) * Math.cos(angle)) + BOX_MARGIN;
  const left = Math.max(0, (cx - halfX) / photo.width);
  const top = Math.max(0, (cy - halfY) / photo.height);
  return { left, top, width: Math.min(1, (cx + halfX) / photo.width) - left, height: Math.min(1, (cy + halfY) / photo.height) - top };
}

await chooseBackend(["wasm", "cpu"], WASM_FILES_DIR);
const metadata = readMetadata(modelDir(VERSION));
if (!metadata.input) throw new Error(`${VERSION} is not a camera model`);
const inputWidth = metadata.input.width;
const loaded = await loadModel(modelDir(VERSION));
const patchLogits = loaded.getLayer(PATCH_LOGITS_LAYER);
// The last convolution's features (what the per-class 1x1 convolution reads) and the patch logits.
const model = tf.model({ inputs: loaded.inputs, outputs: [patchLogits.input as tf.SymbolicTensor, patchLogits.output as tf.SymbolicTensor] });

const finderMetadata = readMetadata(modelDir(FINDER)).finder ?? fail(`${FINDER} has no phone finder`);
const finder = await loadModel(modelDir(FINDER), finderMetadata.file);

function fail(message: string): never {
  throw new Error(message);
}

interface PatchGrid {
  rows: number;
  columns: number;
  /** rows x columns, 1 on the phone as the finder finds it (phoneMasks). */
  onPhone: Float32Array;
  /** rows x columns x features, row-major. */
  features: Float32Array;
  /** rows x columns x classes, row-major. */
  logits: Float32Array;
}

function patchesOf(photo: CameraPhoto): PatchGrid {
  const frame = preprocessFrame(photo, inputWidth);
  const pixels = tf.tensor4d(frame.input, [1, frame.height, frame.width, 3]);
  const [features, logits] = model.predict(pixels) as [tf.Tensor, tf.Tensor];
  const [, rows = 0, columns = 0] = logits.shape;
  const onPhone = phoneMasks(finder, pixels, rows, columns);
  const grid = {
    rows,
    columns,
    onPhone: onPhone.dataSync() as Float32Array,
    features: features.dataSync() as Float32Array,
    logits: logits.dataSync() as Float32Array,
  };
  tf.dispose([pixels, features, logits, onPhone]);
  return grid;
}

/** The centre of a patch in photo pixels. */
const patchCentre = (photo: CameraPhoto, grid: PatchGrid, index: number): [number, number] => [
  (((index % grid.columns) + 0.5) * photo.width) / grid.columns,
  ((Math.floor(index / grid.columns) + 0.5) * photo.height) / grid.rows,
];

/**
 * A logistic regression from a patch's features to whether it lies on the
 * phone, fit (standardised features, Adam, full batch) on base synthetic
 * photos the test sets do not hold; returns P(on the phone) > 0.5 as a test.
 */
async function fitPhoneProbe(photos: number): Promise<(features: Float32Array, patch: number) => boolean> {
  const inputs: Float32Array[] = [];
  const labels: number[] = [];
  let width = 0;
  for (const photo of cameraPhotos(321_000, photos)) {
    const grid = patchesOf(photo);
    width = grid.features.length / (grid.rows * grid.columns);
    inputs.push(grid.features);
    for (let patch = 0; patch < grid.rows * grid.columns; patch++) labels.push(isOnPhone(photo.pose, ...patchCentre(photo, grid, patch), 0) ? 1 : 0);
  }
  const all = new Float32Array(labels.length * width);
  let offset = 0;
  for (const features of inputs) {
    all.set(features, offset);
    offset += features.length;
  }
  const x = tf.tensor2d(all, [labels.length, width]);
  const y = tf.tensor2d(labels, [labels.length, 1]);
  const { mean, variance } = tf.moments(x, 0);
  const scale = variance.sqrt().add(1e-3);
  const standardised = x.sub(mean).div(scale);
  const weights = tf.variable(tf.zeros([width, 1]));
  const bias = tf.variable(tf.zeros([1]));
  const optimizer = tf.train.adam(0.1);
  let loss = 0;
  for (let step = 0; step < 300; step++) {
    const value = optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(y, standardised.matMul(weights).add(bias)), true) as tf.Scalar;
    loss = (await value.data())[0] as number;
    value.dispose();
  }
  log(
    `phone probe: ${labels.length} patches of ${photos} base photos, ${((100 * labels.filter(Boolean).length) / labels.length).toFixed(1)}% on the phone; training loss ${loss.toFixed(3)}`,
  );
  // Folded into one weight vector and bias on the raw features.
  const w = (await weights.data()) as Float32Array;
  const m = (await mean.data()) as Float32Array;
  const s = (await scale.data()) as Float32Array;
  const folded = Array.from(w, (wi, d) => wi / (s[d] as number));
  const b = ((await bias.data())[0] as number) - folded.reduce((sum, wi, d) => sum + wi * (m[d] as number), 0);
  tf.dispose([x, y, mean, variance, scale, standardised, weights, bias]);
  return (features, patch) => {
    let logit = b;
    for (let d = 0; d < width; d++) logit += (folded[d] as number) * (features[patch * width + d] as number);
    return logit > 0;
  };
}
const probe = await fitPhoneProbe(PROBE_PHOTOS);
let probeAgreement = 0;
let probePatches = 0;

/** The regions: the whole frame, the phone at each margin, a station's upright region around it, the phone as the probe and as the finder find it. */
const REGIONS = ["whole", ...MARGINS, "station", "probe", "finder"] as const;

/** Per region, the photo's per-class scores; counts how often the probe agrees with the pose on the line. */
function scoresByRegion(photo: CameraPhoto, countProbe: boolean): number[][] {
  const grid = patchesOf(photo);
  const classes = grid.logits.length / (grid.rows * grid.columns);
  const best = REGIONS.map(() => new Array<number>(classes).fill(-Infinity));
  // The product's own test of which patches a station's region counts (DefectModel.predict).
  const inStation = regionMask(grid.rows, grid.columns, stationRegion(photo));
  // The product's own test of which patches a version with a finder counts.
  const found = countedCells(grid.rows, grid.columns, null, grid.onPhone) as boolean[];
  for (let patch = 0; patch < grid.rows * grid.columns; patch++) {
    const [x, y] = patchCentre(photo, grid, patch);
    const probed = probe(grid.features, patch);
    if (countProbe) {
      probePatches++;
      if (probed === isOnPhone(photo.pose, x, y, 0)) probeAgreement++;
    }
    REGIONS.forEach((region, r) => {
      if (typeof region === "number" && !isOnPhone(photo.pose, x, y, region)) return;
      if (region === "probe" && !probed) return;
      if (region === "station" && !inStation[patch]) return;
      if (region === "finder" && !found[patch]) return;
      const scores = best[r] as number[];
      for (let k = 0; k < classes; k++) scores[k] = Math.max(scores[k] as number, grid.logits[patch * classes + k] as number);
    });
  }
  return best.map((scores) => scores.map((logit) => 1 / (1 + Math.exp(-logit))));
}

function scoreSet(photos: Iterable<CameraPhoto>, what: string, countProbe = false): ScoredPhoto[][] {
  const byRegion: ScoredPhoto[][] = REGIONS.map(() => []);
  let count = 0;
  for (const photo of photos) {
    scoresByRegion(photo, countProbe).forEach((scores, region) => byRegion[region]!.push({ truth: photo.label, scores }));
    if (++count % 250 === 0) log(`${what}: ${count} photos`);
  }
  return byRegion;
}

/** ROC-AUC, and defect recall / false rejects at a threshold, as every evaluation report gives them. */
const evaluated = (photos: ScoredPhoto[], threshold: number) => evaluate(photos, metadata.classes, threshold, undefined, { otherDefects: true });
/** At the threshold that rejects that share of the set's own ok photos. */
const atOwnRate = (photos: ScoredPhoto[], falseRejects: number) => evaluateAtOwnRate(photos, metadata.classes, falseRejects);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const pair = ({ defectRecall, falseRejectRate }: Evaluation) => `${pct(defectRecall)} / ${pct(falseRejectRate)}`;

// The threshold as bench:adapt's 120-photo line would place it: on 120 labelled photos of the line, at 2.5% false rejects.
const labelled = scoreSet(cameraPhotos(555_000, 120, LINE), "the line's 120 labelled photos");
const onLine = scoreSet(cameraPhotos(777_000, LINE_TEST, LINE), "the line", true);
const onBase = scoreSet(cameraPhotos(888_000, BASE_TEST), "the base line");
model.dispose();

const rows = REGIONS.map((margin, region) => {
  const line = onLine[region]!;
  const base = onBase[region]!;
  const threshold = chooseThreshold(labelled[region]!, 0.025);
  const name =
    margin === "whole"
      ? "the whole frame (as shipped)"
      : margin === "station"
        ? `a station's region of interest drawn around the phone: its upright box and ${BOX_MARGIN} px (lib/model/region.ts, as DefectModel.predict counts it)`
        : margin === "probe"
          ? `the phone as a linear probe on ${VERSION}'s last features finds it (fit on ${PROBE_PHOTOS} base photos; agrees with the pose on ${((100 * probeAgreement) / probePatches).toFixed(1)}% of the line's patches)`
          : margin === "finder"
            ? `the phone as ${FINDER}'s phone finder finds it (lib/model/finder.ts, as DefectModel.predict counts it; trained on base photos, it agrees with their poses on ${(100 * (finderMetadata.training.agreement as number)).toFixed(1)}% of patches)`
            : `the phone and ${margin} px around it`;
  const base25 = atOwnRate(base, 0.025);
  return `| ${name} | ${atOwnRate(line, 0.05).rocAuc.toFixed(3)} | ${pair(atOwnRate(line, 0.05))} | ${pair(atOwnRate(line, 0.025))} | ${pair(evaluated(line, threshold))} | ${base25.rocAuc.toFixed(3)} | ${pair(base25)} |`;
});
const lines = [
  "# Where the new line's false rejects come from: the phone or the bench",
  "",
  `Measured ${new Date().toISOString().slice(0, 10)} on this machine by \`npm run bench:phone-region${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}\` in ${Math.round((Date.now() - started) / 60_000)} minutes.`,
  `${VERSION} as shipped scores ${LINE_TEST} fresh photos of bench:adapt's new line (red and white glossy phones under dimmer, warmer lamps; half good; scuffs, which it has no class for, scratches, dents, stains) and ${BASE_TEST} of the base synthetic line.`,
  "Each row counts only some of the frame's patches: a class's score is its most suspicious patch among them. The phone's place comes from the synthetic photo's own pose, so the rows with margins say what finding the phone could at best give, not what a finder gives. The station row is the product's region of interest as an engineer would draw it over a fixture that holds the phone where this photo has it (an upright rectangle, so with some bench in its corners when the phone is turned): on a line whose phones sit in a fixture, what setting the station's region gives. The last two rows are finders: a linear probe on the version's own last features, fit on base synthetic photos, and the product's phone finder, a network of its own trained on base synthetic photos' poses (\`npm run train -- --find-phone\`).",
  "ROC-AUC ranks defect photos against ok ones whatever the threshold; recall / false rejects at the threshold that rejects 5% or 2.5% of the set's ok photos, and at the threshold placed at 2.5% false rejects on 120 labelled photos of the line (as bench:adapt's 120-photo run would, before any training).",
  "",
  "| patches counted | line: ROC-AUC | line: recall / false rejects at 5% | at 2.5% | at the threshold from 120 photos | base line: ROC-AUC | base line: recall / false rejects at 2.5% |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...rows,
  "",
];
fs.writeFileSync(values.out ?? "bench/results/phone-region.md", lines.join("\n"));
console.log(lines.join("\n"));
