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
  const input = tf.input({ shape: [MODEL_INPUT_SIZE, MODEL_INPUT_SIZE, 1], name: "photo" });
  return patchScoringModel(input, [16, 32, 32, 32], [2, 2, 1, 1], defectClasses, seed, "understudy_defects");
}

/**
 * ReLU 3x3 convolutions of the given widths and strides, a 1x1 convolution to
 * one logit per class and patch, and the most suspicious patch per class as
 * the photo's score. With a seed, each layer's initial weights come from a
 * seed of its own, so a training run can be repeated bit for bit; biases
 * start at zero.
 */
function patchScoringModel(
  input: tf.SymbolicTensor,
  widths: number[],
  strides: number[],
  defectClasses: number,
  seed: number | undefined,
  name: string,
): tf.LayersModel {
  const seedOf = (layer: number) => (seed === undefined ? {} : { seed: seed * 16 + layer });
  let x = input;
  widths.forEach((filters, i) => {
    x = tf.layers
      .conv2d({
        filters,
        kernelSize: 3,
        strides: strides[i],
        padding: "same",
        activation: "relu",
        kernelInitializer: tf.initializers.heNormal(seedOf(i + 1)),
        name: `conv${i + 1}`,
      })
      .apply(x) as tf.SymbolicTensor;
  });
  const patches = tf.layers
    .conv2d({ filters: defectClasses, kernelSize: 1, kernelInitializer: tf.initializers.glorotUniform(seedOf(widths.length + 1)), name: PATCH_LOGITS_LAYER })
    .apply(x) as tf.SymbolicTensor;
  const pooled = tf.layers.globalMaxPooling2d({ name: "most_suspicious_patch" }).apply(patches) as tf.SymbolicTensor;
  const scores = tf.layers.activation({ activation: "sigmoid", name: "scores" }).apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: scores, name });
}

/**
 * The camera model: the same patch-scoring design, in colour, on a frame of
 * any size (a fully convolutional network trains on 96-pixel crops and runs
 * on the whole 640x360 frame). Five layers with a total stride of 8 score
 * every 8x8-pixel patch (24x24 pixels of the 1920-pixel photo) with a
 * receptive field of 47 pixels (141 of the photo): enough to see an oil
 * smudge's sheen or a dent's shading, and cheap enough for the browser's
 * wasm backend on a whole frame (`npm run bench:inference`).
 */
export function buildCameraModel(defectClasses: number, seed?: number): tf.LayersModel {
  // null sides: the same weights run on a crop in training and on the whole frame in use.
  const input = tf.input({ shape: [null, null, 3] as unknown as number[], name: "frame" });
  return patchScoringModel(input, [16, 32, 32, 48, 48], [2, 2, 2, 1, 1], defectClasses, seed, "understudy_camera_defects");
}

/** The same model with a second output: the per-patch logits, for heatmaps. */
export function withHeatmap(model: tf.LayersModel): tf.LayersModel {
  const patches = model.getLayer(PATCH_LOGITS_LAYER).output as tf.SymbolicTensor;
  return tf.model({ inputs: model.inputs, outputs: [model.outputs[0] as tf.SymbolicTensor, patches] });
}
