// `npm run evaluate -- --model v1 [--data synth[:<preset>[:<count>[:<seed>]]] | folder:<path> | db[:<station>]]`
// Scores a shipped model version on labelled photos at its operating threshold:
// confusion matrix, per-class precision and recall, defect recall, false-reject
// rate, ROC-AUC and calibration. Prints the report and writes it to
// public/models/<version>/evaluations/<data>.{md,json}. A camera model is
// scored on whole photos (synthetic ones at camera resolution) with the wasm
// backend, as browsers run it.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { evaluate } from "../lib/model/evaluation.ts";
import { loadModel, modelDir, readMetadata, writeJson } from "../lib/model/training/artifacts.ts";
import { cameraPhotos, wholeFrameExample } from "../lib/model/training/camera-data.ts";
import { type Example, synthPhotos, toExample } from "../lib/model/training/dataset.ts";
import { chooseBackend } from "../lib/model/inference.ts";
import { WASM_FILES_DIR } from "../lib/model/model-dir.ts";
import { describeRegion, isCameraModel } from "../lib/model/metadata.ts";
import { evaluationMarkdown } from "../lib/model/training/report.ts";
import { describeSource, loadLabelledPhotos } from "../lib/model/training/sources.ts";
import { scoreExamples } from "../lib/model/training/train.ts";
import { isPresetName } from "../lib/synth/presets.ts";
import * as tf from "@tensorflow/tfjs";

const { values: args } = parseArgs({ options: { model: { type: "string", default: "v1" }, data: { type: "string", default: "synth:normal:1000:20261124" } } });
const version = args.model ?? "v1";
const source = args.data ?? "synth";
const dir = modelDir(version);
const metadata = readMetadata(dir);
const isCamera = isCameraModel(metadata);
if (isCamera) await chooseBackend(["wasm", "cpu"], WASM_FILES_DIR);
else await tf.setBackend("cpu");
const model = await loadModel(dir);
// A version that finds the phone scores each photo on the phone only, as it does at its stations.
const finder = metadata.finder ? await loadModel(dir, metadata.finder.file) : null;
if (metadata.finder) console.log(`[evaluate] ${version} finds the phone in each photo (${metadata.finder.file}) and scores only the patches on it`);

let examples: Example[];
let title: string;
if (source.startsWith("synth")) {
  const [, preset = "normal", count = "1000", seed = "20261124"] = source.split(":");
  if (!isPresetName(preset)) throw new Error(`Unknown preset ${preset}`);
  // Each camera photo becomes its frame as it is made: a thousand 1080p photos would not fit in memory whole.
  examples = isCamera
    ? Array.from(cameraPhotos(Number(seed), Number(count), { preset }), (photo) => wholeFrameExample(photo, photo.label))
    : [...synthPhotos(Number(seed), Number(count), preset)].map(toExample);
  title = `synthetic ${isCamera ? "camera " : ""}photos, ${preset} lighting, seed ${seed}`;
} else {
  // Every labelled photo of the folder or the database (each distinct one once).
  const photos = await loadLabelledPhotos(source, { count: 1_000_000, seed: 0 });
  // A station's photos are scored inside its region of interest, as the station scores them.
  examples = photos.map((photo) =>
    isCamera
      ? wholeFrameExample(photo.pixels, photo.label, undefined, photo.region)
      : { ...toExample(photo), ...(photo.region ? { region: photo.region } : {}) },
  );
  title = describeSource(source);
  const framed = photos.filter((photo) => photo.region);
  if (framed[0]?.region)
    console.log(
      `[evaluate] ${framed.length} photos scored inside their station's region of interest (${describeRegion(framed[0].region)}), as the station scores them`,
    );
}
// Defects of a type the model has no class for (or of no type) still count as defects: said, never dropped quietly.
const unknown = new Map<string, number>();
for (const e of examples) if (e.label !== "ok" && !metadata.classes.includes(e.label)) unknown.set(e.label, (unknown.get(e.label) ?? 0) + 1);
for (const [label, count] of unknown) {
  console.warn(
    `[evaluate] ${count} photos labelled ${JSON.stringify(label)}: model ${version} has no such class (it knows ${metadata.classes.join(", ")}); ` +
      "they count in defect recall, not in the per-class figures",
  );
}
if (examples.length === 0) {
  console.error(`[evaluate] nothing to evaluate: no labelled photo in ${title}.`);
  process.exit(1);
}
const scores = await scoreExamples(model, examples, undefined, finder);
const report = evaluate(
  examples.map((example, i) => ({ truth: example.label, scores: scores[i] as number[] })),
  metadata.classes,
  metadata.thresholds.decision,
  metadata.thresholds.classWeights,
  { otherDefects: true },
);
const markdown = evaluationMarkdown(`Model ${version} on ${title}`, report);
console.log(markdown);
const out = path.join(dir, "evaluations");
fs.mkdirSync(out, { recursive: true });
const name = source.replace(/[^a-z0-9._-]+/gi, "_");
fs.writeFileSync(path.join(out, `${name}.md`), markdown);
writeJson(path.join(out, `${name}.json`), report);
console.log(`written to ${path.join(out, name)}.{md,json}`);
