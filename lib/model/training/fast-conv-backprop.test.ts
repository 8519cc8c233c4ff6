import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { installFastConvBackprop } from "./fast-conv-backprop.ts";

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: 1 | 2;
  pad: "same" | "valid";
}

const CASES: Case[] = [
  { x: [2, 9, 9, 1], filter: [3, 3, 1, 4], strides: 2, pad: "same" },
  { x: [3, 8, 8, 5], filter: [3, 3, 5, 6], strides: 1, pad: "same" },
  { x: [1, 7, 6, 2], filter: [2, 3, 2, 3], strides: 2, pad: "valid" },
  { x: [2, 5, 5, 3], filter: [1, 1, 3, 2], strides: 1, pad: "valid" },
];

/** d/dW of sum(conv2d(x, W) * dy): exactly what Conv2DBackpropFilter computes. */
function filterGradient(c: Case, x: tf.Tensor4D, dy: tf.Tensor4D): Float32Array {
  return tf.tidy(() => {
    const gradient = tf.grad((w: tf.Tensor) =>
      tf
        .conv2d(x, w as tf.Tensor4D, c.strides, c.pad)
        .mul(dy)
        .sum(),
    );
    return gradient(tf.ones(c.filter)).dataSync() as Float32Array;
  });
}

describe("the fast Conv2DBackpropFilter kernel", () => {
  const inputs = CASES.map((c) => {
    // ReLU-like inputs: about half exact zeros, which the fast kernel skips.
    const x = tf.relu(tf.randomNormal(c.x)) as tf.Tensor4D;
    const outShape = tf.conv2d(x, tf.zeros(c.filter) as tf.Tensor4D, c.strides, c.pad).shape;
    return { c, x, dy: tf.randomNormal(outShape) as tf.Tensor4D };
  });
  const original: Float32Array[] = [];

  beforeAll(async () => {
    await tf.setBackend("cpu");
    for (const { c, x, dy } of inputs) original.push(filterGradient(c, x, dy));
    installFastConvBackprop();
  });

  it("is the kernel tfjs now runs", () => {
    expect(tf.getKernel("Conv2DBackpropFilter", "cpu")?.kernelFunc.name).toBe("conv2DBackpropFilterFast");
  });

  it.each(CASES.map((c, i) => [JSON.stringify(c), i] as const))("matches tfjs's own kernel for %s", (_, i) => {
    const { c, x, dy } = inputs[i] as (typeof inputs)[number];
    const fast = filterGradient(c, x, dy);
    const reference = original[i] as Float32Array;
    expect(fast.length).toBe(reference.length);
    for (let k = 0; k < fast.length; k++) expect(fast[k]).toBeCloseTo(reference[k] as number, 4);
  });
});
