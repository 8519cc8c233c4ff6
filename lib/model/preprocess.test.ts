import { describe, expect, it } from "vitest";
import { generatePhoto } from "../synth/index.ts";
import { MODEL_INPUT_SIZE, preprocess, resizeRgb } from "./preprocess.ts";

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
