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

/** True where a Uint32Array over RGBA bytes holds red in its low byte. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The photo's pixels as one 32-bit word each (red in the low byte, then
 * green, then blue), read once per pixel instead of once per channel: a view
 * of the same bytes where they allow it, else (an unaligned view, a
 * big-endian machine) the same words built byte by byte.
 */
function pixelWords(photo: PhotoPixels): Uint32Array {
  const { rgba } = photo;
  const count = photo.width * photo.height;
  if (LITTLE_ENDIAN && rgba.byteOffset % 4 === 0) return new Uint32Array(rgba.buffer, rgba.byteOffset, count);
  const words = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    words[i] = ((rgba[i * 4] as number) | ((rgba[i * 4 + 1] as number) << 8) | ((rgba[i * 4 + 2] as number) << 16)) >>> 0;
  }
  return words;
}

/** Adds one input row's pixels (from `row`) to the red, green and blue sums of the output column whose box [x0, x1) holds them. */
function addRow(words: Uint32Array, row: number, x0s: Int32Array, x1s: Int32Array, sums: Int32Array): void {
  for (let ox = 0, o = 0; ox < x0s.length; ox++, o += 3) {
    let r = 0;
    let g = 0;
    let b = 0;
    for (let i = row + (x0s[ox] as number), end = row + (x1s[ox] as number); i < end; i++) {
      const pixel = words[i] as number;
      r += pixel & 255;
      g += (pixel >>> 8) & 255;
      b += (pixel >>> 16) & 255;
    }
    sums[o] = (sums[o] as number) + r;
    sums[o + 1] = (sums[o + 1] as number) + g;
    sums[o + 2] = (sums[o + 2] as number) + b;
  }
}

/** Area-average resize to size x size (or width x height), per RGB channel, values 0..1. */
export function resizeRgb(photo: PhotoPixels, size: number = MODEL_INPUT_SIZE, height: number = size, out = new Float32Array(size * height * 3)): Float32Array {
  const width = size;
  const sx = photo.width / width;
  const sy = photo.height / height;
  // Each output pixel averages the input pixels [x0, x1) x [y0, y1) of its own box.
  const x0s = new Int32Array(width);
  const x1s = new Int32Array(width);
  for (let ox = 0; ox < width; ox++) {
    x0s[ox] = Math.floor(ox * sx);
    x1s[ox] = Math.max(Math.floor(ox * sx) + 1, Math.floor((ox + 1) * sx));
  }
  const words = pixelWords(photo);
  // One output row's sums, accumulated input row by input row: the input is
  // read once, in order. The sums are of whole numbers, so exact whatever
  // their order: every output is the same float as box by box.
  const sums = new Int32Array(width * 3);
  for (let oy = 0; oy < height; oy++) {
    const y0 = Math.floor(oy * sy);
    const y1 = Math.max(y0 + 1, Math.floor((oy + 1) * sy));
    sums.fill(0);
    for (let y = y0; y < y1; y++) addRow(words, y * photo.width, x0s, x1s, sums);
    for (let ox = 0, o = 0, to = oy * width * 3; ox < width; ox++, o += 3, to += 3) {
      const n = (y1 - y0) * ((x1s[ox] as number) - (x0s[ox] as number)) * 255;
      out[to] = (sums[o] as number) / n;
      out[to + 1] = (sums[o + 1] as number) / n;
      out[to + 2] = (sums[o + 2] as number) / n;
    }
  }
  return out;
}

function luminance(rgb: Float32Array, grey = new Float32Array(rgb.length / 3)): Float32Array {
  for (let i = 0; i < grey.length; i++) grey[i] = 0.299 * (rgb[i * 3] ?? 0) + 0.587 * (rgb[i * 3 + 1] ?? 0) + 0.114 * (rgb[i * 3 + 2] ?? 0);
  return grey;
}

function meanAndStd(values: Float32Array): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += ((values[i] as number) - mean) ** 2;
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

/**
 * The arrays one inference reuses photo after photo. Headless Chromium pays
 * for each page of a freshly allocated large typed array the first time it
 * is written: for a 640x360 frame's three arrays, more than the arithmetic
 * that fills them (bench:inference reports preprocessing's median apart).
 * Node hardly notices.
 */
export class FrameBuffers {
  private readonly arrays = new Map<string, Float32Array<ArrayBuffer>>();

  /** The array kept under this name, of this length: new the first time, then the same one (its old contents overwritten by the caller). */
  take(name: string, length: number): Float32Array<ArrayBuffer> {
    const kept = this.arrays.get(name);
    if (kept?.length === length) return kept;
    const array = new Float32Array(length);
    this.arrays.set(name, array);
    return array;
  }
}

/**
 * A camera model's input: the whole frame in colour, standardised by its
 * luminance; and the same statistics as preprocess(). With `buffers`, the
 * input is written into an array the next call with them overwrites:
 * hand it to the model before preprocessing another photo.
 */
export function preprocessFrame(photo: PhotoPixels, inputWidth: number = FRAME_INPUT_WIDTH, buffers?: FrameBuffers): PreprocessedFrame {
  const { width, height } = frameSize(photo, inputWidth);
  const length = width * height * 3;
  const rgb = resizeRgb(photo, width, height, buffers?.take("rgb", length));
  const grey = luminance(rgb, buffers?.take("grey", length / 3));
  const { mean, std } = meanAndStd(grey);
  const scale = 1 / Math.max(std, 0.02);
  const input = buffers?.take("input", length) ?? new Float32Array(length);
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
