/**
 * The one preprocessing of a photo, shared by training (Node) and inference
 * (the browser's Web Worker), so both feed the model identical numbers.
 * Plain TypeScript over arrays: no tfjs, no canvas, no DOM.
 */

export const MODEL_INPUT_SIZE = 64;

export interface PhotoPixels {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel (canvas ImageData layout). */
  rgba: Uint8ClampedArray | Uint8Array;
}

export interface InputStatistics {
  /** Mean luminance, 0..1. */
  brightness: number;
  /** Standard deviation of luminance, 0..1. */
  contrast: number;
  /** Mean absolute Laplacian of the luminance at model resolution. */
  sharpness: number;
  meanRed: number;
  meanGreen: number;
  meanBlue: number;
}

export const INPUT_STATISTICS = [
  "brightness",
  "contrast",
  "sharpness",
  "meanRed",
  "meanGreen",
  "meanBlue",
] as const satisfies readonly (keyof InputStatistics)[];

export const PREPROCESSING = {
  inputSize: MODEL_INPUT_SIZE,
  resize: "area-average",
  colour: "luminance 0.299R + 0.587G + 0.114B",
  normalisation: "per-photo standardisation: (x - mean) / max(std, 0.02)",
} as const;

/** Area-average resize to size x size (or width x height), per RGB channel, values 0..1. */
export function resizeRgb(photo: PhotoPixels, size: number = MODEL_INPUT_SIZE, height: number = size): Float32Array {
  const width = size;
  const out = new Float32Array(width * height * 3);
  const sx = photo.width / width;
  const sy = photo.height / height;
  for (let oy = 0; oy < height; oy++) {
    const y0 = Math.floor(oy * sy);
    const y1 = Math.max(y0 + 1, Math.floor((oy + 1) * sy));
    for (let ox = 0; ox < width; ox++) {
      const x0 = Math.floor(ox * sx);
      const x1 = Math.max(x0 + 1, Math.floor((ox + 1) * sx));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const i = (y * photo.width + x) * 4;
          r += photo.rgba[i] ?? 0;
          g += photo.rgba[i + 1] ?? 0;
          b += photo.rgba[i + 2] ?? 0;
        }
      }
      const n = (y1 - y0) * (x1 - x0) * 255;
      const o = (oy * width + ox) * 3;
      out[o] = r / n;
      out[o + 1] = g / n;
      out[o + 2] = b / n;
    }
  }
  return out;
}

function luminance(rgb: Float32Array): Float32Array {
  const grey = new Float32Array(rgb.length / 3);
  for (let i = 0; i < grey.length; i++) grey[i] = 0.299 * (rgb[i * 3] ?? 0) + 0.587 * (rgb[i * 3 + 1] ?? 0) + 0.114 * (rgb[i * 3 + 2] ?? 0);
  return grey;
}

function meanAndStd(values: Float32Array): { mean: number; std: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, std: Math.sqrt(squares / values.length) };
}

export interface Preprocessed {
  /** MODEL_INPUT_SIZE^2 standardised luminance values, row-major: the model's input. */
  input: Float32Array;
  statistics: InputStatistics;
}

/** The model's input and the photo's input statistics (for drift), in one pass. */
export function preprocess(photo: PhotoPixels): Preprocessed {
  const size = MODEL_INPUT_SIZE;
  const rgb = resizeRgb(photo, size);
  const grey = luminance(rgb);
  const { mean, std } = meanAndStd(grey);
  const input = new Float32Array(grey.length);
  const scale = 1 / Math.max(std, 0.02);
  for (let i = 0; i < grey.length; i++) input[i] = ((grey[i] ?? 0) - mean) * scale;
  return { input, statistics: statisticsOf(rgb, grey, size, size, mean, std) };
}

/**
 * A camera model sees the whole frame in colour at a width where a 1-3 px
 * hairline of a 1920-pixel photo still shows (a third of it: 640), its
 * height following the photo's aspect in multiples of the model's stride.
 */
export const FRAME_INPUT_WIDTH = 640;
/** The camera model's total stride: its input's sides are multiples of it. */
export const FRAME_STRIDE = 8;

export const FRAME_PREPROCESSING = {
  inputWidth: FRAME_INPUT_WIDTH,
  resize: "area-average to 640 wide, height by the photo's aspect rounded to a multiple of 8",
  colour: "RGB",
  normalisation: "per-photo standardisation of every channel by the luminance's mean and spread: (x - mean) / max(std, 0.02)",
} as const;

/** The line camera's photo size, which a camera model warms up on. */
export const CAMERA_INPUT_SIZE_AT_REST = { width: 1920, height: 1080 } as const;

/** The frame size a camera model sees a photo at. */
export function frameSize(photo: { width: number; height: number }, width: number = FRAME_INPUT_WIDTH): { width: number; height: number } {
  return { width, height: Math.max(FRAME_STRIDE, Math.round((photo.height * width) / photo.width / FRAME_STRIDE) * FRAME_STRIDE) };
}

export interface PreprocessedFrame extends Preprocessed {
  /** The input's size: width x height x 3, row-major RGB. */
  width: number;
  height: number;
}

/** A camera model's input: the whole frame in colour, standardised by its luminance; and the same statistics as preprocess(). */
export function preprocessFrame(photo: PhotoPixels, inputWidth: number = FRAME_INPUT_WIDTH): PreprocessedFrame {
  const { width, height } = frameSize(photo, inputWidth);
  const rgb = resizeRgb(photo, width, height);
  const grey = luminance(rgb);
  const { mean, std } = meanAndStd(grey);
  const scale = 1 / Math.max(std, 0.02);
  const input = new Float32Array(rgb.length);
  // One mean and spread for all three channels keeps colour: an oil sheen or a stain's brown survives.
  for (let i = 0; i < rgb.length; i++) input[i] = ((rgb[i] ?? 0) - mean) * scale;
  return { input, width, height, statistics: statisticsOf(rgb, grey, width, height, mean, std) };
}

function statisticsOf(rgb: Float32Array, grey: Float32Array, width: number, height: number, mean: number, std: number): InputStatistics {
  let laplacian = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      laplacian += Math.abs(4 * (grey[i] ?? 0) - (grey[i - 1] ?? 0) - (grey[i + 1] ?? 0) - (grey[i - width] ?? 0) - (grey[i + width] ?? 0));
    }
  }
  let red = 0;
  let green = 0;
  let blue = 0;
  const n = width * height;
  for (let i = 0; i < n; i++) {
    red += rgb[i * 3] ?? 0;
    green += rgb[i * 3 + 1] ?? 0;
    blue += rgb[i * 3 + 2] ?? 0;
  }
  return {
    brightness: mean,
    contrast: std,
    sharpness: laplacian / ((width - 2) * (height - 2)),
    meanRed: red / n,
    meanGreen: green / n,
    meanBlue: blue / n,
  };
}
