// `npm run bench:line-factors [-- --versions v6,v7 --photos 200]`
// What makes bench:adapt's new line foreign to a camera model, one factor at
// a time: the synthetic line's own photos, then with only the new line's
// lamps (and each part of them: dimmer, warmer, noisier), then with only its
// phones (red and white glossy, and each colour alone). Every version scores
// the same photos of each set (half good, the rest scratches, dents, stains,
// cracks and oil: classes every camera model knows) at its own threshold;
// ROC-AUC says how well it separates a set's defects from its good units
// whatever the threshold. Writes bench/results/line-factors.md.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { evaluate, type ScoredPhoto } from "../lib/model/evaluation.ts";
import { chooseBackend } from "../lib/model/inference.ts";
import { modelDir, WASM_FILES_DIR } from "../lib/model/model-dir.ts";
import { loadDefectModel } from "../lib/model/training/artifacts.ts";
import { cameraPhotos, type CameraSetOptions } from "../lib/model/training/camera-data.ts";
import type { CameraLabel } from "../lib/synth/camera.ts";
import { PRESETS } from "../lib/synth/presets.ts";
import { LINE_LIGHTING } from "./support/new-line.ts";

const { values } = parseArgs({
  options: {
    versions: { type: "string", default: "v6" },
    photos: { type: "string", default: "200" },
    out: { type: "string", default: "bench/results/line-factors.md" },
  },
});
const VERSIONS = (values.versions ?? "v6").split(",");
const PHOTOS = Number(values.photos);
const LABELS: CameraLabel[] = ["ok", "ok", "ok", "ok", "ok", "scratch", "dent", "stain", "crack", "oil"];
const NORMAL = PRESETS.normal;
const SETS: [string, CameraSetOptions][] = [
  ["the synthetic line (normal lamps, its five phone colours)", {}],
  ["the new line's lamps", { lighting: LINE_LIGHTING }],
  ["its lamps' dimness only", { lighting: { ...LINE_LIGHTING, colorTemperature: NORMAL.colorTemperature, noise: NORMAL.noise } }],
  ["its lamps' warmth only", { lighting: { ...LINE_LIGHTING, brightness: NORMAL.brightness, noise: NORMAL.noise } }],
  ["its lamps' noise only", { lighting: { ...LINE_LIGHTING, brightness: NORMAL.brightness, colorTemperature: NORMAL.colorTemperature } }],
  ["the new line's phones (red and white glossy)", { tones: ["red", "white"], finishes: ["glossy"] }],
  ["white glossy phones", { tones: ["white"], finishes: ["glossy"] }],
  ["red glossy phones", { tones: ["red"], finishes: ["glossy"] }],
];

const started = Date.now();
await chooseBackend(["wasm", "cpu"], WASM_FILES_DIR);
const models = await Promise.all(VERSIONS.map((v) => loadDefectModel(modelDir(v))));
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const rows: string[] = [];
for (const [name, options] of SETS) {
  const scored: ScoredPhoto[][] = models.map(() => []);
  for (const photo of cameraPhotos(991_000, PHOTOS, { ...options, labelAt: (i) => LABELS[i % LABELS.length] as CameraLabel })) {
    for (const [i, model] of models.entries()) {
      const prediction = await model.predict(photo);
      scored[i]!.push({ truth: photo.label, scores: model.metadata.classes.map((c) => prediction.scores[c] ?? 0) });
    }
  }
  const cells = models.map((model, i) => {
    const { classes, thresholds } = model.metadata;
    const result = evaluate(scored[i]!, classes, thresholds.decision, thresholds.classWeights);
    return `${result.rocAuc.toFixed(3)} | ${pct(result.defectRecall)} / ${pct(result.falseRejectRate)}`;
  });
  rows.push(`| ${name} | ${cells.join(" | ")} |`);
  console.log(`[line-factors] ${name}: ${cells.join("; ")}`);
}
models.forEach((model) => model.dispose());

const lines = [
  "# What makes the new line foreign to a camera model",
  "",
  `Measured ${new Date().toISOString().slice(0, 10)} on this machine by \`npm run bench:line-factors -- --versions ${VERSIONS.join(",")}\` in ${Math.round((Date.now() - started) / 60_000)} minutes.`,
  `Each row is ${PHOTOS} fresh synthetic camera photos (seed 991000, half good, the rest scratches, dents, stains, cracks and oil) differing from the synthetic line in one factor of bench:adapt's new line; each version scores the same photos whole, at its own threshold.`,
  "ROC-AUC: how well the version separates the set's defects from its good units, whatever the threshold; then defect recall / false rejects at the version's threshold.",
  "",
  `| set | ${VERSIONS.map((v) => `${v}: ROC-AUC | ${v}: recall / false rejects`).join(" | ")} |`,
  `| --- | ${VERSIONS.map(() => "---: | ---:").join(" | ")} |`,
  ...rows,
  "",
];
fs.writeFileSync(values.out ?? "bench/results/line-factors.md", lines.join("\n"));
console.log(lines.join("\n"));
