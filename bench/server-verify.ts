// `npm run bench:verify`: what the server's own run of the model costs per
// unit, the price of never letting a browser's prediction decide a unit alone
// at partial and full automation. For each shipped model and for the demo's
// photos (192 px) and camera-sized ones (1920x1080), the median and 95th
// percentile over 200 units of: reading the photo from the store, decoding
// it, preprocessing and predicting (tfjs cpu backend in Node; a camera model,
// run after the others since it moves the process to wasm, on real camera
// photos with the wasm backend). Writes bench/results/server-verify.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { encodePng } from "../lib/captures/decode.ts";
import { LocalDiskStore, type CaptureStore } from "../lib/captures/storage.ts";
import { nearestRank } from "../lib/metrics/quantile.ts";
import { serverModelRunner } from "../lib/model/server-model.ts";
import * as tf from "@tensorflow/tfjs";
import { isCameraModel } from "../lib/model/metadata.ts";
import { shippedModels } from "../lib/model/shipped.ts";
import { generateCameraPhoto } from "../lib/synth/camera.ts";
import { generatePhoto } from "../lib/synth/photo.ts";

const UNITS = 200;
const WARM_UP = 10;
const log = (line: string) => console.error(`[verify] ${line}`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-verify-"));
const store: CaptureStore = new LocalDiskStore(dir);
const sizes: { name: string; width: number; height: number }[] = [
  { name: "demo photo, 192x192 PNG", width: 192, height: 192 },
  { name: "camera photo, 1920x1080 PNG", width: 1920, height: 1080 },
];

/** A synthetic phone photo placed on a frame of the given size (grey fixture around it). */
function photoOf(seed: number, width: number, height: number): Uint8Array {
  const phone = generatePhoto(seed);
  const rgba = new Uint8Array(width * height * 4).fill(40);
  const scale = Math.max(1, Math.floor(Math.min(width, height) / phone.height));
  const left = Math.floor((width - phone.width * scale) / 2);
  const top = Math.floor((height - phone.height * scale) / 2);
  for (let y = 0; y < phone.height * scale; y++) {
    for (let x = 0; x < phone.width * scale; x++) {
      const from = (Math.floor(y / scale) * phone.width + Math.floor(x / scale)) * 4;
      const to = ((top + y) * width + left + x) * 4;
      for (let c = 0; c < 4; c++) rgba[to + c] = phone.rgba[from + c] as number;
    }
  }
  return encodePng(width, height, rgba);
}

/** A synthetic line-camera photo (the phone on a cluttered bench), as a camera model's station sends it. */
function cameraPhotoPng(seed: number): Uint8Array {
  const photo = generateCameraPhoto(seed);
  return encodePng(photo.width, photo.height, photo.rgba);
}

const rows: string[] = [];
try {
  const models = shippedModels();
  for (const model of [...models.filter((m) => !isCameraModel(m)), ...models.filter(isCameraModel)]) {
    const run = serverModelRunner(store);
    const camera = isCameraModel(model);
    for (const size of camera ? sizes.slice(1) : sizes) {
      const keys: string[] = [];
      for (let i = 0; i < UNITS + WARM_UP; i++) {
        const key = `bench/${camera ? "camera-" : ""}${size.width}x${size.height}-${i}.png`;
        const bytes = camera ? cameraPhotoPng(1000 + i) : photoOf(1000 + i, size.width, size.height);
        await store.put(key, bytes, "image/png");
        keys.push(key);
      }
      const ms: number[] = [];
      for (const [i, storageKey] of keys.entries()) {
        const started = performance.now();
        const result = await run({ storageKey }, model.version, null);
        if (!result) throw new Error(`${model.version} could not run on ${storageKey}`);
        if (i >= WARM_UP) ms.push(performance.now() - started);
      }
      const row = `| ${model.version} | ${camera ? "synthetic camera photo, 1920x1080 PNG" : size.name} | ${tf.getBackend()} | ${nearestRank(ms, 0.5).toFixed(1)} | ${nearestRank(ms, 0.95).toFixed(1)} |`;
      log(row);
      rows.push(row);
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

const report = `# Server verification: the model run by the server, per unit

\`npm run bench:verify\` (bench/server-verify.ts), ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}.
At partial and full automation the server runs the active model itself on every unit that may be decided
alone, before it leaves the queue (lib/model/server-model.ts); the browser's prediction only has to agree.
Each figure is one unit: read from the photo store, decode, preprocess, predict; ${UNITS} units after ${WARM_UP} to warm up.

| model | photo | backend | p50 ms | p95 ms |
| --- | --- | --- | --- | --- |
${rows.join("\n")}
`;
fs.writeFileSync("bench/results/server-verify.md", report);
console.log(report);
