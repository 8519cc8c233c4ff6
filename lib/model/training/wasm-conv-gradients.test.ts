import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { filterGradient, inputGradient } from "./wasm-conv-gradients.ts";

// Checked against tfjs's own kernels (cpu backend) on the shapes training meets:
// stride 1 and 2, even and odd sides, same and valid padding, 1x1 and 3x3 filters.
const CASES: Array<{ x: [number, number, number, number]; filter: [number, number, number, number]; stride: number; pad: "same" | "valid" }> = [
  { x: [2, 12, 12, 3], filter: [3, 3, 3, 4], stride: 2, pad: "same" },
  { x: [2, 11, 13, 3], filter: [3, 3, 3, 4], stride: 2, pad: "same" },
  { x: [1, 9, 10, 5], filter: [3, 3, 5, 6], stride: 1, pad: "same" },
  { x: [2, 10, 9, 4], filter: [3, 3, 4, 2], stride: 1, pad: "valid" },
  { x: [1, 11, 12, 2], filter: [3, 3, 2, 3], stride: 2, pad: "valid" },
  { x: [2, 8, 8, 6], filter: [1, 1, 6, 3], stride: 1, pad: "same" },
];

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
}

describe("the wasm backend's convolution gradients", () => {
  it.each(CASES)("matches tfjs's kernels for input $x, filter $filter, stride $stride, $pad", async ({ x: xShape, filter: filterShape, stride, pad }) => {
    await tf.setBackend("cpu");
    const x = tf.randomNormal(xShape, 0, 1, "float32", 7) as tf.Tensor4D;
    const filter = tf.randomNormal(filterShape, 0, 1, "float32", 8) as tf.Tensor4D;
    const out = tf.conv2d(x, filter, stride, pad);
    const dy = tf.randomNormal(out.shape, 0, 1, "float32", 9) as tf.Tensor4D;

    // tfjs's own gradient of sum(conv(x, filter) * dy): its Conv2DBackpropInput and Conv2DBackpropFilter kernels.
    const [expectedInput, expectedFilter] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad), dy)),
    )([x, filter]) as [tf.Tensor, tf.Tensor];
    expect(maxDifference(filterGradient(x, dy, filterShape, stride, pad), expectedFilter)).toBeLessThan(1e-3);
    expect(maxDifference(inputGradient(xShape, dy, filter, stride, pad), expectedInput)).toBeLessThan(1e-3);
    tf.dispose([x, filter, out, dy, expectedFilter, expectedInput]);
  });
});
