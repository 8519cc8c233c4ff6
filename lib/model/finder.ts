import * as tf from "@tensorflow/tfjs";

// A phone finder: where on a camera frame the phone lies, so that a camera
// model's scores count only the patches on it. On a line whose phones lie
// anywhere, the bench around them (a cable's end, a dark box) raises most of
// a foreign line's false rejects (bench:phone-region); a station's fixed
// region of interest cannot follow a phone that moves. The finder is a
// second small network shipped with a camera version (finder.json,
// finder.bin; the version's metadata says so), run on the same preprocessed
// frame shrunk eight times, with a receptive field the size of the frame:
// the phone is a large thing, found by its shape and its surround, not by
// any one patch (the defect model's own features do not say where it is).

/** The frame is shrunk by this much before the finder sees it: one cell per patch of the camera model (stride 8). */
export const FINDER_POOL = 8;
/** The finder's strides multiply to this: its input's rows and columns are padded to a multiple of it. */
const FINDER_STRIDE = 8;
/** A patch is on the phone when the finder says so with at least this probability. */
export const PHONE_PROBABILITY = 0.5;

/**
 * The finder's network: ReLU 3x3 convolutions down to an eighth of its input
 * (a sixty-fourth of the frame), one more at that scale, then back up by
 * nearest neighbours and joined with the first layer's fine features, to one
 * logit per cell: is this patch of the frame on the phone.
 */
export function buildPhoneFinder(rows: number, columns: number, seed?: number): tf.LayersModel {
  const seedOf = (layer: number) => (seed === undefined ? {} : { seed: seed * 16 + layer });
  const input = tf.input({ shape: [rows, columns, 3], name: "shrunk_frame" });
  const conv = (filters: number, strides: number, layer: number) =>
    tf.layers.conv2d({
      filters,
      kernelSize: 3,
      strides,
      padding: "same",
      activation: "relu",
      kernelInitializer: tf.initializers.heNormal(seedOf(layer)),
      name: `finder_conv${layer}`,
    });
  const fine = conv(16, 1, 1).apply(input) as tf.SymbolicTensor;
  let coarse = fine;
  [24, 32, 32].forEach((filters, i) => {
    coarse = conv(filters, 2, i + 2).apply(coarse) as tf.SymbolicTensor;
  });
  coarse = conv(32, 1, 5).apply(coarse) as tf.SymbolicTensor;
  const up = tf.layers.upSampling2d({ size: [FINDER_STRIDE, FINDER_STRIDE], name: "finder_up" }).apply(coarse) as tf.SymbolicTensor;
  const joined = tf.layers.concatenate({ name: "finder_join" }).apply([up, fine]) as tf.SymbolicTensor;
  const mixed = conv(16, 1, 6).apply(joined) as tf.SymbolicTensor;
  const logits = tf.layers
    .conv2d({ filters: 1, kernelSize: 1, kernelInitializer: tf.initializers.glorotUniform(seedOf(7)), name: "phone_logits" })
    .apply(mixed) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: "understudy_phone_finder" });
}

/** The finder's input shape for a preprocessed frame of this size: shrunk FINDER_POOL times, padded to FINDER_STRIDE. */
export function finderShape(frameHeight: number, frameWidth: number): { rows: number; columns: number; cells: [number, number] } {
  const cells: [number, number] = [Math.ceil(frameHeight / FINDER_POOL), Math.ceil(frameWidth / FINDER_POOL)];
  const pad = (n: number) => Math.ceil(n / FINDER_STRIDE) * FINDER_STRIDE;
  return { rows: pad(cells[0]), columns: pad(cells[1]), cells };
}

/** The finder's input from a batch of preprocessed frames: each 8x8 block's mean, zero-padded at the bottom and right. */
export function finderInput(frames: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [, height = 0, width = 0] = frames.shape;
    const { rows, columns, cells } = finderShape(height, width);
    const shrunk = tf.avgPool(frames, FINDER_POOL, FINDER_POOL, "same");
    return tf.pad(shrunk, [
      [0, 0],
      [0, rows - cells[0]],
      [0, columns - cells[1]],
      [0, 0],
    ]);
  });
}

/**
 * For a batch of preprocessed frames, 1 where a patch of the camera model's
 * rows x columns grid lies on the phone, else 0 (batch x rows x columns x 1).
 * A frame where the finder finds no phone counts every patch, as if it had
 * no finder: a unit is never scored on nothing.
 */
export function phoneMasks(finder: tf.LayersModel, frames: tf.Tensor4D, rows: number, columns: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [, height = 0, width = 0] = frames.shape;
    const { cells } = finderShape(height, width);
    const logits = (finder.predict(finderInput(frames)) as tf.Tensor4D).slice([0, 0, 0, 0], [-1, cells[0], cells[1], -1]);
    const onGrid = cells[0] === rows && cells[1] === columns ? logits : tf.image.resizeNearestNeighbor(logits, [rows, columns]);
    const found = tf.sigmoid(onGrid).greaterEqual(PHONE_PROBABILITY).toFloat() as tf.Tensor4D;
    const anywhere = found.max([1, 2, 3], true);
    // 1 - anywhere is 1 only for a frame with no phone found: then every patch counts.
    return found.maximum(tf.scalar(1).sub(anywhere)) as tf.Tensor4D;
  });
}
