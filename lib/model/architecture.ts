import * as tf from "@tensorflow/tfjs";
import { MODEL_INPUT_SIZE } from "./preprocess.ts";

export const PATCH_LOGITS_LAYER = "patch_logits";

/**
 * A small fully convolutional network that scores every 4x4-pixel patch of the
 * 64x64 input (receptive field 23 pixels) for each defect class; the photo's
 * score for a class is its most suspicious patch (global max pooling), so the
 * patch scores are also the heatmap of where the model looks. Strided
 * convolutions rather than pooling layers, because tfjs's cpu backend (the only
 * one that trains in Node here) computes pooling gradients slowly; the step
 * cost of this architecture is measured by `npm run bench:train-step`.
 */
export function buildDefectModel(defectClasses: number, seed?: number): tf.LayersModel {
  // With a seed, each layer's initial weights come from a seed of its own, so
  // that a training run can be repeated bit for bit; biases start at zero.
  const seedOf = (layer: number) => (seed === undefined ? {} : { seed: seed * 16 + layer });
  const input = tf.input({ shape: [MODEL_INPUT_SIZE, MODEL_INPUT_SIZE, 1], name: "photo" });
  const conv = (x: tf.SymbolicTensor, filters: number, strides: number, layer: number) =>
    tf.layers
      .conv2d({ filters, kernelSize: 3, strides, padding: "same", activation: "relu", kernelInitializer: tf.initializers.heNormal(seedOf(layer)), name: `conv${layer}` })
      .apply(x) as tf.SymbolicTensor;
  let x = conv(input, 16, 2, 1);
  x = conv(x, 32, 2, 2);
  x = conv(x, 32, 1, 3);
  x = conv(x, 32, 1, 4);
  const patches = tf.layers.conv2d({ filters: defectClasses, kernelSize: 1, kernelInitializer: tf.initializers.glorotUniform(seedOf(5)), name: PATCH_LOGITS_LAYER }).apply(x) as tf.SymbolicTensor;
  const pooled = tf.layers.globalMaxPooling2d({ name: "most_suspicious_patch" }).apply(patches) as tf.SymbolicTensor;
  const scores = tf.layers.activation({ activation: "sigmoid", name: "scores" }).apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: scores, name: "understudy_defects" });
}

/** The same model with a second output: the per-patch logits, for heatmaps. */
export function withHeatmap(model: tf.LayersModel): tf.LayersModel {
  const patches = model.getLayer(PATCH_LOGITS_LAYER).output as tf.SymbolicTensor;
  return tf.model({ inputs: model.inputs, outputs: [model.outputs[0] as tf.SymbolicTensor, patches] });
}
