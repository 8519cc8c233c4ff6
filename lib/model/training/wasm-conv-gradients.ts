import * as tf from "@tensorflow/tfjs";

// The wasm backend runs a convolution forward through XNNPACK, fast, but has
// no Conv2DBackpropFilter and a slow Conv2DBackpropInput, so training had to
// use the cpu backend (lib/model/training/fast-conv-backprop.ts). Both
// gradients of a convolution are forward convolutions in disguise (see each
// function), so these two kernels let wasm train a step of the camera model
// about ten times faster than cpu (`npm run bench:train-step`).
// wasm-conv-gradients.test.ts checks them against tfjs's own kernels on
// stride 1 and 2, even and odd sides, same and valid padding.

type Pad = "same" | "valid";

/** The convolution's sizes, strides and padding, as tfjs computes them for its own kernels. */
function geometry(xShape: [number, number, number, number], filterShape: [number, number, number, number], strides: [number, number] | number, pad: Pad) {
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad, undefined, false, "channelsLast");
  return { ...info, top: info.padInfo.top, left: info.padInfo.left };
}

/**
 * dW[r, c, i, o] = sum over n, y, x of input[n, s*y + r - top, s*x + c - left, i] * dy[n, y, x, o]:
 * itself a convolution, of the input with the batch as its channels by the
 * output gradient as a filter dilated by the stride (one fast forward pass).
 */
export function filterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  strides: [number, number] | number,
  pad: Pad,
): tf.Tensor4D {
  return tf.tidy(() => {
    const g = geometry(x.shape, filterShape, strides, pad);
    const [batch, height, width, channels] = x.shape;
    const spanHeight = g.strideHeight * (g.outHeight - 1) + g.filterHeight;
    const spanWidth = g.strideWidth * (g.outWidth - 1) + g.filterWidth;
    const padded = tf
      .pad(x, [
        [0, 0],
        [g.top, Math.max(0, spanHeight - height - g.top)],
        [g.left, Math.max(0, spanWidth - width - g.left)],
        [0, 0],
      ])
      .slice([0, 0, 0, 0], [batch, spanHeight, spanWidth, channels]);
    const channelsFirst = padded.transpose([3, 1, 2, 0]) as tf.Tensor4D;
    const gradientFilter = dy.transpose([1, 2, 0, 3]) as tf.Tensor4D;
    const sums = tf.conv2d(channelsFirst, gradientFilter, 1, "valid", "NHWC", [g.strideHeight, g.strideWidth]);
    return sums.transpose([1, 2, 0, 3]);
  });
}

/**
 * The gradient of the convolution's input: the output gradient, with
 * stride - 1 zeros between its rows and columns, convolved with the filter
 * turned by 180 degrees and its channels swapped.
 */
export function inputGradient(
  xShape: [number, number, number, number],
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  strides: [number, number] | number,
  pad: Pad,
): tf.Tensor4D {
  return tf.tidy(() => {
    const g = geometry(xShape, filter.shape, strides, pad);
    const [batch, height, width] = xShape;
    const outChannels = dy.shape[3];
    // Zeros between the gradient's rows and columns: u[s*y, s*x] = dy[y, x].
    let spread: tf.Tensor4D = dy;
    if (g.strideWidth > 1) {
      const zeros = tf.zeros([batch, g.outHeight, g.outWidth, g.strideWidth - 1, outChannels]);
      spread = tf.concat([spread.expandDims(3), zeros], 3).reshape([batch, g.outHeight, g.outWidth * g.strideWidth, outChannels]);
    }
    if (g.strideHeight > 1) {
      const spreadWidth = spread.shape[2];
      const zeros = tf.zeros([batch, g.outHeight, g.strideHeight - 1, spreadWidth, outChannels]);
      spread = tf.concat([spread.expandDims(2), zeros], 2).reshape([batch, g.outHeight * g.strideHeight, spreadWidth, outChannels]);
    }
    // dx[i] = sum over m of u[i + top - (k - 1) + m] * flipped[m], for i in 0..side-1.
    const cropHeight = Math.min(spread.shape[1], height + g.top);
    const cropWidth = Math.min(spread.shape[2], width + g.left);
    const cropped =
      cropHeight === spread.shape[1] && cropWidth === spread.shape[2] ? spread : spread.slice([0, 0, 0, 0], [batch, cropHeight, cropWidth, outChannels]);
    const flipped = tf.reverse(filter, [0, 1]).transpose([0, 1, 3, 2]) as tf.Tensor4D;
    const padding: [[number, number], [number, number], [number, number], [number, number]] = [
      [0, 0],
      [g.filterHeight - 1 - g.top, height + g.top - cropHeight],
      [g.filterWidth - 1 - g.left, width + g.left - cropWidth],
      [0, 0],
    ];
    return tf.conv2d(cropped, flipped, 1, padding);
  });
}

interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

interface ConvAttributes {
  strides: [number, number] | number;
  pad: Pad | number;
  dataFormat: string;
  dilations?: [number, number] | number;
}

/** The attributes this gradient supports, or an error naming what it does not. */
function supported(attrs: unknown): { strides: [number, number] | number; pad: Pad } {
  const { strides, pad, dataFormat, dilations = 1 } = attrs as ConvAttributes;
  const dilated = Array.isArray(dilations) ? dilations.some((d) => d !== 1) : dilations !== 1;
  if (dataFormat !== "NHWC" || dilated || typeof pad !== "string")
    throw new Error("the wasm convolution gradients support NHWC, no dilation, same or valid padding");
  return { strides, pad };
}

/**
 * A kernel computed with tensor operations, its result copied into an
 * output the wasm backend owns so that every intermediate is freed.
 */
function asWasmKernel(compute: (inputs: tf.NamedTensorInfoMap, attrs: unknown) => tf.Tensor): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const wasm = backend as unknown as WasmBackend;
    const result = compute(inputs, attrs);
    const output = wasm.makeOutput(result.shape, "float32");
    wasm.typedArrayFromHeap(output).set(wasm.typedArrayFromHeap(result));
    result.dispose();
    return output;
  };
}

const backpropFilter = asWasmKernel((inputs, attrs) => {
  const { x, dy } = inputs as { x: tf.Tensor4D; dy: tf.Tensor4D };
  const { strides, pad } = supported(attrs);
  const { filterShape } = attrs as { filterShape: [number, number, number, number] };
  return filterGradient(x, dy, filterShape, strides, pad);
});

const backpropInput = asWasmKernel((inputs, attrs) => {
  const { dy, filter } = inputs as { dy: tf.Tensor4D; filter: tf.Tensor4D };
  const { strides, pad } = supported(attrs);
  const { inputShape } = attrs as { inputShape: [number, number, number, number] };
  return inputGradient(inputShape, dy, filter, strides, pad);
});

let isInstalled = false;

/**
 * Gives the wasm backend a Conv2DBackpropFilter and a faster
 * Conv2DBackpropInput, the two kernels of a convolution's gradient, so that
 * it can train (idempotent; for training processes).
 */
export async function installWasmConvGradients(): Promise<void> {
  if (isInstalled) return;
  await import("@tensorflow/tfjs-backend-wasm"); // registers the backend's own kernels, which these replace
  tf.registerKernel({ kernelName: "Conv2DBackpropFilter", backendName: "wasm", kernelFunc: backpropFilter });
  tf.unregisterKernel("Conv2DBackpropInput", "wasm");
  tf.registerKernel({ kernelName: "Conv2DBackpropInput", backendName: "wasm", kernelFunc: backpropInput });
  isInstalled = true;
}
