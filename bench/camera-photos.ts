// `npm run bench:camera-photos`: what making synthetic camera photos costs
// the camera model's training, and what the worker pool
// (lib/model/training/camera-frames.ts) saves. Prints seconds per photo made
// on the training thread (median of 20), the pool's photos per second alone
// and while the training thread trains the camera model (steps of 32 crops
// of 96x96 on the wasm backend), and the training step's ms per crop with
// and without the pool at work: what overlapping the two costs training.
import * as tf from "@tensorflow/tfjs";
import { buildCameraModel } from "../lib/model/architecture.ts";
import { cameraFrameOf, cameraPhotoAt } from "../lib/model/training/camera-data.ts";
import { CameraFramePool } from "../lib/model/training/camera-frames.ts";
import { useTrainingBackend } from "../lib/model/training/train.ts";

const BATCH = 32;
const ALONE = 20;
const POOLED = Number(process.env.POOLED_PHOTOS ?? 60);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const perPhoto: number[] = [];
for (let i = 0; i < ALONE; i++) {
  const started = performance.now();
  cameraFrameOf(cameraPhotoAt(4242, i));
  perPhoto.push((performance.now() - started) / 1000);
}

await useTrainingBackend();
const model = buildCameraModel(6);
const optimizer = tf.train.adam(1e-3);
const x = tf.randomNormal([BATCH, 96, 96, 3]);
const y = tf.randomUniform([BATCH, 6]).round();
async function stepMsPerCrop(): Promise<number> {
  const started = performance.now();
  const loss = optimizer.minimize(() => tf.losses.logLoss(y, model.apply(x) as tf.Tensor) as tf.Scalar, true);
  await loss?.data();
  loss?.dispose();
  const ms = (performance.now() - started) / BATCH;
  // As the trainer does after each batch (train.ts): the wasm backend's data() settles at once, so without this the pool's replies would wait.
  await new Promise((resolve) => setImmediate(resolve));
  return ms;
}
await stepMsPerCrop();
const trainingAlone: number[] = [];
for (let i = 0; i < 10; i++) trainingAlone.push(await stepMsPerCrop());

const pool = new CameraFramePool();
async function drain(frames: AsyncIterable<unknown>): Promise<number> {
  const started = performance.now();
  for await (const _ of frames);
  return (performance.now() - started) / 1000;
}
const poolAlone = await drain(pool.frames(5151, POOLED, {}, POOLED));
let overlapping = true;
const trainingBeside: number[] = [];
const beside = drain(pool.frames(6161, POOLED, {}, POOLED)).finally(() => (overlapping = false));
while (overlapping) trainingBeside.push(await stepMsPerCrop());
const poolBeside = await beside;
await pool.close();

const inThread = median(perPhoto);
console.log(`camera photos (1920x1080, made and preprocessed to the 640x360 frame), ${pool.size} worker threads:`);
console.log(`  on the training thread:        ${inThread.toFixed(3)} s per photo (median of ${ALONE})`);
console.log(
  `  pool, alone:                   ${(POOLED / poolAlone).toFixed(2)} photos/s (${POOLED} photos; ${((POOLED / poolAlone) * inThread).toFixed(2)}x one thread)`,
);
console.log(`  pool, beside training:         ${(POOLED / poolBeside).toFixed(2)} photos/s`);
console.log(`camera model training step, ms per crop (median of steps of ${BATCH}):`);
console.log(`  alone:                         ${median(trainingAlone).toFixed(1)}`);
console.log(
  `  beside the pool:               ${median(trainingBeside).toFixed(1)} (${(median(trainingBeside) / median(trainingAlone)).toFixed(2)}x; ${trainingBeside.length} steps)`,
);
tf.dispose([x, y]);
model.dispose();
