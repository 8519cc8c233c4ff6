// `npm run bench:train-step`: milliseconds per photo of one training step of
// the shipped architecture on tfjs's cpu backend, with tfjs's own
// Conv2DBackpropFilter kernel and with ours (lib/model/training/fast-conv-backprop.ts).
// Prints medians of 5 steps of 32 photos each, and the ratio.
import * as tf from "@tensorflow/tfjs";
import { buildDefectModel } from "../lib/model/architecture.ts";
import { installFastConvBackprop } from "../lib/model/training/fast-conv-backprop.ts";

await tf.setBackend("cpu");
tf.enableProdMode();

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function msPerPhoto(steps: number): number {
  const model = buildDefectModel(3);
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomNormal([32, 64, 64, 1]);
  const y = tf.randomUniform([32, 3]).round();
  const step = () => tf.dispose(optimizer.minimize(() => tf.losses.logLoss(y, model.apply(x) as tf.Tensor) as tf.Scalar, true) ?? []);
  step();
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const started = performance.now();
    step();
    times.push((performance.now() - started) / 32);
  }
  return median(times);
}

const slow = msPerPhoto(Number(process.env.SLOW_STEPS ?? 3));
installFastConvBackprop();
const fast = msPerPhoto(5);
console.log(`tfjs cpu Conv2DBackpropFilter: ${slow.toFixed(1)} ms per photo (median)`);
console.log(`fast Conv2DBackpropFilter:      ${fast.toFixed(1)} ms per photo (median)`);
console.log(`speed-up: ${(slow / fast).toFixed(1)}x`);
