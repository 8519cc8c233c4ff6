import { describe, expect, it } from "vitest";
import { generateCameraPhoto, generatePhoto } from "../synth/index.ts";
import { FrameBuffers, MODEL_INPUT_SIZE, preprocess, preprocessFrame, resizeRgb, type PhotoPixels } from "./preprocess.ts";

function solid(width: number, height: number, rgb: [number, number, number]): { width: number; height: number; rgba: Uint8ClampedArray } {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([...rgb, 255], i * 4);
  return { width, height, rgba };
}

describe("preprocess", () => {
  it("measures a flat grey photo exactly", () => {
    const { input, statistics } = preprocess(solid(128, 128, [51, 102, 204]));
    expect(statistics.meanRed).toBeCloseTo(0.2, 6);
    expect(statistics.meanGreen).toBeCloseTo(0.4, 6);
    expect(statistics.meanBlue).toBeCloseTo(0.8, 6);
    expect(statistics.brightness).toBeCloseTo(0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 0.8, 6);
    expect(statistics.contrast).toBeCloseTo(0, 6);
    expect(statistics.sharpness).toBeCloseTo(0, 6);
    expect(input).toHaveLength(MODEL_INPUT_SIZE * MODEL_INPUT_SIZE);
    expect(input.every((v) => Math.abs(v) < 1e-5)).toBe(true);
  });

  it("averages whole blocks when shrinking", () => {
    const photo = solid(2, 2, [0, 0, 0]);
    photo.rgba.set([255, 255, 255, 255], 0);
    expect(Array.from(resizeRgb(photo, 1))).toEqual([0.25, 0.25, 0.25]);
  });

  it("standardises the model input to mean 0 and unit spread", () => {
    const { input } = preprocess(generatePhoto(3, { label: "crack" }));
    const mean = input.reduce((a, b) => a + b, 0) / input.length;
    const variance = input.reduce((a, b) => a + (b - mean) ** 2, 0) / input.length;
    expect(mean).toBeCloseTo(0, 4);
    expect(variance).toBeCloseTo(1, 3);
  });

  it("sees the lighting change in brightness", () => {
    const normal = preprocess(generatePhoto(5, { label: "ok", preset: "normal" })).statistics;
    const shifted = preprocess(generatePhoto(5, { label: "ok", preset: "lighting-shift" })).statistics;
    expect(shifted.brightness).toBeGreaterThan(normal.brightness * 1.1);
    expect(shifted.meanRed / shifted.meanBlue).toBeGreaterThan(normal.meanRed / normal.meanBlue);
  });
});

/** Area-average resize the plain way, box by box: what resizeRgb must equal. */
function boxByBox(photo: PhotoPixels, width: number, height: number): number[] {
  const out: number[] = [];
  const sx = photo.width / width;
  const sy = photo.height / height;
  for (let oy = 0; oy < height; oy++) {
    const y0 = Math.floor(oy * sy);
    const y1 = Math.max(y0 + 1, Math.floor((oy + 1) * sy));
    for (let ox = 0; ox < width; ox++) {
      const x0 = Math.floor(ox * sx);
      const x1 = Math.max(x0 + 1, Math.floor((ox + 1) * sx));
      const sums = [0, 0, 0];
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++) for (let c = 0; c < 3; c++) sums[c] = (sums[c] ?? 0) + (photo.rgba[(y * photo.width + x) * 4 + c] ?? 0);
      for (const sum of sums) out.push(Math.fround(sum / ((y1 - y0) * (x1 - x0) * 255)));
    }
  }
  return out;
}

/** Float arrays equal element by element (vitest's toEqual walks 700,000 of them too slowly). */
function sameFloats(a: Float32Array | undefined, b: Float32Array | undefined): boolean {
  return a !== undefined && b !== undefined && a.length === b.length && a.every((value, i) => value === b[i]);
}

function noise(width: number, height: number, seed: number): PhotoPixels {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < rgba.length; i++) rgba[i] = ((i + seed) * 2654435761) >>> 24;
  return { width, height, rgba };
}

describe("resizeRgb", () => {
  it.each([
    ["a camera photo to the camera model's frame", 1920, 1080, 640, 360],
    ["uneven boxes", 101, 67, 13, 9],
    ["a photo smaller than its output", 5, 3, 8, 6],
  ])("equals box-by-box averaging for %s", (_, width, height, toWidth, toHeight) => {
    const photo = noise(width, height, toWidth);
    expect(sameFloats(resizeRgb(photo, toWidth, toHeight), Float32Array.from(boxByBox(photo, toWidth, toHeight)))).toBe(true);
  });

  it("reads pixels that do not start on a 4-byte boundary the same", () => {
    const photo = noise(101, 67, 7);
    const shifted = new Uint8Array(photo.rgba.length + 1);
    shifted.set(photo.rgba, 1);
    const unaligned = { ...photo, rgba: shifted.subarray(1) };
    expect(unaligned.rgba.byteOffset % 4).toBe(1);
    expect(Array.from(resizeRgb(unaligned, 13, 9))).toEqual(boxByBox(photo, 13, 9));
  });
});

describe("preprocessFrame with reused buffers", () => {
  it("writes the same input and statistics into the same arrays, photo after photo", () => {
    const buffers = new FrameBuffers();
    const [first, second] = [generateCameraPhoto(41, { label: "oil" }), generateCameraPhoto(42, { label: "ok" })];
    const fresh = [preprocessFrame(first), preprocessFrame(second)];
    const reused = preprocessFrame(first, 640, buffers);
    expect(sameFloats(reused.input, fresh[0]?.input)).toBe(true);
    expect(reused.statistics).toEqual(fresh[0]?.statistics);
    const again = preprocessFrame(second, 640, buffers);
    expect(again.input).toBe(reused.input);
    expect(sameFloats(again.input, fresh[1]?.input)).toBe(true);
    expect(again.statistics).toEqual(fresh[1]?.statistics);
  });

  it("gives a photo of another shape arrays of its own length", () => {
    const buffers = new FrameBuffers();
    const wide = preprocessFrame(noise(1920, 1080, 1), 640, buffers);
    const tall = preprocessFrame(noise(1080, 1920, 2), 640, buffers);
    expect(wide.input).toHaveLength(640 * 360 * 3);
    expect(tall.input).toHaveLength(640 * tall.height * 3);
    expect(sameFloats(tall.input, preprocessFrame(noise(1080, 1920, 2), 640).input)).toBe(true);
  });
});
