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

export const INPUT_STATISTICS = ["brightness", "contrast", "sharpness", "meanRed", "meanGreen", "meanBlue"] as const satisfies readonly (keyof InputStatistics)[];

export const PREPROCESSING = {
  inputSize: MODEL_INPUT_SIZE,
  resize: "area-average",
  colour: "luminance 0.299R + 0.587G + 0.114B",
  normalisation: "per-photo standardisation: (x - mean) / max(std, 0.02)",
} as const;

/** Area-average resize to size x size, per RGB channel, values 0..1. */
export function resizeRgb(photo: PhotoPixels, size: number = MODEL_INPUT_SIZE): Float32Array {
  const out = new Float32Array(size * size * 3);
  const sx = photo.width / size;
  const sy = photo.height / size;
  for (let oy = 0; oy < size; oy++) {
    const y0 = Math.floor(oy * sy);
    const y1 = Math.max(y0 + 1, Math.floor((oy + 1) * sy));
    for (let ox = 0; ox < size; ox++) {
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
      const o = (oy * size + ox) * 3;
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

  let laplacian = 0;
  for (let y = 1; y < size - 1; y++) {
    for (let x = 1; x < size - 1; x++) {
      const i = y * size + x;
      laplacian += Math.abs(4 * (grey[i] ?? 0) - (grey[i - 1] ?? 0) - (grey[i + 1] ?? 0) - (grey[i - size] ?? 0) - (grey[i + size] ?? 0));
    }
  }
  let red = 0;
  let green = 0;
  let blue = 0;
  for (let i = 0; i < size * size; i++) {
    red += rgb[i * 3] ?? 0;
    green += rgb[i * 3 + 1] ?? 0;
    blue += rgb[i * 3 + 2] ?? 0;
  }
  const n = size * size;
  return {
    input,
    statistics: {
      brightness: mean,
      contrast: std,
      sharpness: laplacian / ((size - 2) * (size - 2)),
      meanRed: red / n,
      meanGreen: green / n,
      meanBlue: blue / n,
    },
  };
}
