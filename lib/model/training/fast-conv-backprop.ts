import * as tf from "@tensorflow/tfjs";

// tfjs's cpu backend computes the filter gradient of a convolution through
// TensorBuffer.get() in a seven-deep loop, which dominated training time: a
// step of the shipped architecture took 1111 ms per photo with it and 38.6 ms
// with this kernel (medians, `npm run bench:train-step`, bench/results/).
// This kernel does the same sum over flat typed arrays, innermost loop over
// output channels (contiguous in NHWC), skipping the zeros ReLU leaves in its
// input; lib/model/training/fast-conv-backprop.test.ts checks it against the
// original kernel on random shapes.

interface BackendWithData {
  data: { get(id: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array): tf.TensorInfo;
}

const conv2DBackpropFilterFast: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
    strides: [number, number] | number;
    pad: "valid" | "same" | number;
    dataFormat: "NHWC" | "NCHW";
    dimRoundingMode?: "floor" | "round" | "ceil";
    filterShape: [number, number, number, number];
  };
  if (dataFormat === "NCHW") throw new Error("fast Conv2DBackpropFilter supports NHWC only");
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    "channelsLast",
  );
  const data = (backend as unknown as BackendWithData).data;
  const xv = data.get(x.dataId).values;
  const dyv = data.get(dy.dataId).values;
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dW = new Float32Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      for (let yC = 0; yC < outWidth; yC++) {
        const dyOffset = ((b * outHeight + yR) * outWidth + yC) * outChannels;
        for (let wR = 0; wR < filterHeight; wR++) {
          const xR = yR * strideHeight + wR - top;
          if (xR < 0 || xR >= inHeight) continue;
          for (let wC = 0; wC < filterWidth; wC++) {
            const xC = yC * strideWidth + wC - left;
            if (xC < 0 || xC >= inWidth) continue;
            const xOffset = ((b * inHeight + xR) * inWidth + xC) * inChannels;
            const wOffset = (wR * filterWidth + wC) * inChannels * outChannels;
            for (let d1 = 0; d1 < inChannels; d1++) {
              const value = xv[xOffset + d1] as number;
              if (value === 0) continue;
              const base = wOffset + d1 * outChannels;
              for (let d2 = 0; d2 < outChannels; d2++) dW[base + d2] = (dW[base + d2] as number) + value * (dyv[dyOffset + d2] as number);
            }
          }
        }
      }
    }
  }
  return (backend as unknown as BackendWithData).makeTensorInfo(filterShape, "float32", dW);
};

let isInstalled = false;

/** Replaces the cpu backend's Conv2DBackpropFilter with the fast one (idempotent). */
export function installFastConvBackprop(): void {
  if (isInstalled) return;
  tf.unregisterKernel("Conv2DBackpropFilter", "cpu");
  tf.registerKernel({ kernelName: "Conv2DBackpropFilter", backendName: "cpu", kernelFunc: conv2DBackpropFilterFast });
  isInstalled = true;
}
