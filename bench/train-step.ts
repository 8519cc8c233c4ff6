// `npm run bench:train-step`: milliseconds per example of one training step,
// for the square model (32 photos of 64x64 grey a step) and the camera model
// (32 crops of 96x96 colour a step): on tfjs's cpu backend with its own
// Conv2DBackpropFilter kernel, with ours (lib/model/training/fast-conv-backprop.ts),
// and on the wasm backend with the gradients it lacks
// (lib/model/training/wasm-conv-gradients.ts), which is what training uses.
// Prints the median of 5 steps each, and the ratios.
import * as tf from "@tensorflow/tfjs";
import { buildCameraModel, buildDefectModel } from "../lib/model/architecture.ts";
import { chooseBackend } from "../lib/model/inference.ts";
import { WASM_FILES_DIR } from "../lib/model/model-dir.ts";
import { installFastConvBackprop } from "../lib/model/training/fast-conv-backprop.ts";
import { installWasmConvGradients } from "../lib/model/training/wasm-conv-gradients.ts";

const BATCH = 32;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

interface Subject {
  name: string;
  build: () => tf.LayersModel;
  input: [number, number, number];
  classes: number;
}

const SQUARE: Subject = { name: "square model, 64x64 grey", build: () => buildDefectModel(3), input: [64, 64, 1], classes: 3 };
const CAMERA: Subject = { name: "camera model, 96x96 colour crops", build: () => buildCameraModel(6), input: [96, 96, 3], classes: 6 };

async function msPerExample(subject: Subject, steps: number): Promise<number> {
  const model = subject.build();
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomNormal([BATCH, ...subject.input]);
  const y = tf.randomUniform([BATCH, subject.classes]).round();
  const step = async () => {
    const loss = optimizer.minimize(() => tf.losses.logLoss(y, model.apply(x) as tf.Tensor) as tf.Scalar, true);
    await loss?.data();
    loss?.dispose();
  };
  await step();
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const started = performance.now();
    await step();
    times.push((performance.now() - started) / BATCH);
  }
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  return median(times);
}

tf.enableProdMode();
await tf.setBackend("cpu");
const slow = new Map<Subject, number>();
for (const subject of [SQUARE, CAMERA]) slow.set(subject, await msPerExample(subject, Number(process.env.SLOW_STEPS ?? 3)));
installFastConvBackprop();
const fast = new Map<Subject, number>();
for (const subject of [SQUARE, CAMERA]) fast.set(subject, await msPerExample(subject, 5));
await installWasmConvGradients();
if ((await chooseBackend(["wasm"], WASM_FILES_DIR)) !== "wasm") throw new Error("the wasm backend did not start");
const wasm = new Map<Subject, number>();
for (const subject of [SQUARE, CAMERA]) wasm.set(subject, await msPerExample(subject, 5));

for (const subject of [SQUARE, CAMERA]) {
  const [a, b, c] = [slow.get(subject), fast.get(subject), wasm.get(subject)] as [number, number, number];
  console.log(`${subject.name}, ms per example (median of steps of ${BATCH}):`);
  console.log(`  cpu, tfjs's Conv2DBackpropFilter: ${a.toFixed(1)}`);
  console.log(`  cpu, fast Conv2DBackpropFilter:   ${b.toFixed(1)} (${(a / b).toFixed(1)}x)`);
  console.log(`  wasm, its convolution gradients:  ${c.toFixed(1)} (${(b / c).toFixed(1)}x the fast cpu kernel)`);
}
