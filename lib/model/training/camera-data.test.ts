import { describe, expect, it } from "vitest";
import { FRAME_INPUT_WIDTH, preprocessFrame } from "../preprocess.ts";
import { generateCameraPhoto, PRESETS, type LightingRanges } from "../../synth/index.ts";
import {
  cameraCrops,
  colourTurnsOf,
  cameraLabelAt,
  CROP_GRID,
  CROP_SIZE,
  cropExample,
  frameMask,
  hueTurned,
  lineExamples,
  regionBox,
  SATURATION_TURNS,
  VARIED_LAMPS,
  variedLampsOf,
  variedLampsRecord,
  withColourTurns,
} from "./camera-data.ts";
import type { Example } from "./dataset.ts";

// A 1920x1080 synthetic photo takes some 130 ms to draw here, several times that on a loaded machine.
const CAMERA_TEST_TIMEOUT_MS = 30_000;

describe("frameMask", () => {
  it("marks a frame pixel where any photo pixel under it is a defect", () => {
    const mask = new Uint8Array(6 * 3);
    mask[1 * 6 + 4] = 1; // photo (4, 1) -> frame (2, 0) at a half
    expect(Array.from(frameMask(mask, { width: 6, height: 3 }, { width: 3, height: 2 }))).toEqual([0, 0, 1, 0, 0, 0]);
  });
});

describe("cropExample", () => {
  const frame = {
    input: Float32Array.from({ length: 16 * 16 * 3 }, (_, i) => i),
    width: 16,
    height: 16,
    statistics: { brightness: 0, contrast: 0, sharpness: 0, meanRed: 0, meanGreen: 0, meanBlue: 0 },
  };

  it("copies the crop's pixels row by row and marks the patches the defect touches", () => {
    const mask = new Uint8Array(16 * 16);
    mask[9 * 16 + 10] = 1; // photo (10, 9): crop pixel (6, 5) of the crop at (4, 4)
    const example = cropExample(frame, mask, "dent", 4, 4, 8);
    expect(example.shape).toEqual([8, 8, 3]);
    expect(example.input[0]).toBe((4 * 16 + 4) * 3);
    expect(example.input[8 * 3]).toBe((5 * 16 + 4) * 3);
    expect(example.label).toBe("dent");
    expect(Array.from(example.defectPatches ?? [])).toEqual([1]);
  });

  it("is an ok example where the crop misses the defect", () => {
    const mask = new Uint8Array(16 * 16);
    mask[0] = 1;
    const example = cropExample(frame, mask, "dent", 8, 8, 8);
    expect(example.label).toBe("ok");
    expect(Array.from(example.defectPatches ?? [])).toEqual([0]);
  });
});

describe("cameraCrops", () => {
  it(
    "gives each photo three crops of the model's crop size, the first two of a defect photo on its defect",
    () => {
      const crops = [...cameraCrops(4, 5)];
      expect(crops).toHaveLength(15);
      for (const crop of crops) {
        expect(crop.shape).toEqual([CROP_SIZE, CROP_SIZE, 3]);
        expect(crop.defectPatches).toHaveLength(CROP_GRID * CROP_GRID);
      }
      // Photo 4 of the cycle is the first defect (scratch): both its first crops hold it.
      expect(cameraLabelAt(4)).toBe("scratch");
      expect(crops[12]?.label).toBe("scratch");
      expect(crops[13]?.label).toBe("scratch");
      expect(crops.slice(0, 12).every((crop) => crop.label === "ok")).toBe(true);
    },
    CAMERA_TEST_TIMEOUT_MS,
  );

  it(
    "crops the frame the camera model sees whole",
    () => {
      expect(preprocessFrame({ width: 1920, height: 1080, rgba: new Uint8ClampedArray(1920 * 1080 * 4) })).toMatchObject({
        width: FRAME_INPUT_WIDTH,
        height: 360,
      });
    },
    CAMERA_TEST_TIMEOUT_MS,
  );
});

describe("lineExamples", () => {
  it(
    "trains a line's ok photo as crops and its defect photo whole, since nobody marked where the defect is",
    () => {
      const ok = generateCameraPhoto(1, { label: "ok" });
      const scuffed = generateCameraPhoto(2, { label: "scuff" });
      const examples = [
        ...lineExamples(
          [
            { pixels: ok, label: "ok" },
            { pixels: scuffed, label: "scuff", origin: "line" },
          ],
          7,
        ),
      ];
      expect(examples.map((e) => [e.label, e.shape])).toEqual([
        ["ok", [CROP_SIZE, CROP_SIZE, 3]],
        ["ok", [CROP_SIZE, CROP_SIZE, 3]],
        ["ok", [CROP_SIZE, CROP_SIZE, 3]],
        ["scuff", [360, 640, 3]],
      ]);
      // The whole frame's patch grid is the model's: 45 rows of 80 patches, none known to be the defect.
      expect(examples[3]).toMatchObject({ patchShape: [45, 80], origin: "line" });
      expect(examples[3]?.defectPatches).toBeUndefined();
    },
    CAMERA_TEST_TIMEOUT_MS,
  );

  it(
    "trains a photo of a station with a region of interest inside the region only: the defect photo's region whole, the ok photo's crops from it",
    () => {
      const ok = generateCameraPhoto(3, { label: "ok" });
      const scuffed = generateCameraPhoto(4, { label: "scuff" });
      // In the 640x360 frame: x 160 to 256, y 90 to 186 widened to whole patches (88 to 192), so 96 x 104.
      const region = { left: 0.25, top: 0.25, width: 0.15, height: 0.266 };
      const frame = preprocessFrame(ok);
      expect(regionBox(frame, region)).toEqual([160, 88, 96, 104]);
      const examples = [
        ...lineExamples(
          [
            { pixels: ok, label: "ok", region },
            { pixels: scuffed, label: "scuff", origin: "line", region },
          ],
          7,
        ),
      ];
      expect(examples.map((e) => [e.label, e.shape])).toEqual([
        ["ok", [CROP_SIZE, CROP_SIZE, 3]],
        ["ok", [CROP_SIZE, CROP_SIZE, 3]],
        ["ok", [CROP_SIZE, CROP_SIZE, 3]],
        ["scuff", [104, 96, 3]],
      ]);
      // Each ok crop is the region's columns, at some row inside it.
      const rowOf = (example: Example, y: number) => Array.from(example.input.subarray(y * 96 * 3, (y + 1) * 96 * 3));
      const frameRow = (y: number) => Array.from(frame.input.subarray((y * 640 + 160) * 3, (y * 640 + 256) * 3));
      for (const crop of examples.slice(0, 3))
        expect([88, 89, 90, 91, 92, 93, 94, 95, 96].some((y0) => rowOf(crop, 0).join() === frameRow(y0).join())).toBe(true);
      // The defect photo's example is the region of its own frame, its grid the whole frame's patches there.
      const scuffFrame = preprocessFrame(scuffed);
      expect(Array.from(examples[3]!.input.subarray(0, 96 * 3))).toEqual(Array.from(scuffFrame.input.subarray((88 * 640 + 160) * 3, (88 * 640 + 256) * 3)));
      expect(examples[3]).toMatchObject({ patchShape: [13, 12], origin: "line" });
    },
    CAMERA_TEST_TIMEOUT_MS,
  );
});

describe("colour turns", () => {
  const pixels = (values: number[]): Example => ({
    input: Float32Array.from(values),
    label: "ok",
    statistics: { brightness: 0, contrast: 0, sharpness: 0, meanRed: 0, meanGreen: 0, meanBlue: 0 },
    shape: [1, values.length / 3, 3],
  });

  it("turns a colour around the grey axis: grey stays, red goes to green at a third of a turn and back at a whole one", () => {
    const turned = hueTurned(pixels([0.4, 0.4, 0.4, 1, 0, 0]), (2 * Math.PI) / 3);
    expect([...turned.input].map((v) => Number(v.toFixed(5)) + 0)).toEqual([0.4, 0.4, 0.4, 0, 1, 0]);
    const whole = hueTurned(pixels([0.9, 0.2, -0.3]), 2 * Math.PI);
    expect([...whole.input].map((v) => Number(v.toFixed(5)) + 0)).toEqual([0.9, 0.2, -0.3]);
    // A turn keeps each pixel's mean (its grey) and its distance from grey (its saturation).
    const [r, g, b] = hueTurned(pixels([0.9, 0.2, -0.3]), 1).input as unknown as [number, number, number];
    expect((r + g + b) / 3).toBeCloseTo((0.9 + 0.2 - 0.3) / 3, 5);
    expect(Math.hypot(r, g, b)).toBeCloseTo(Math.hypot(0.9, 0.2, -0.3), 5);
  });

  it("turns about half the crops, each to a hue of its own, the same ones for the same seed, and leaves the rest and the labels alone", () => {
    const crops = Array.from({ length: 200 }, (_, i) => ({ ...pixels([1, 0, 0]), label: i % 2 ? "ok" : "scratch" }));
    const turned = withColourTurns(crops, 5);
    const changed = turned.filter((crop, i) => crop !== crops[i]);
    expect(changed.length).toBeGreaterThan(70);
    expect(changed.length).toBeLessThan(130);
    expect(new Set(changed.map((crop) => crop.input[1]?.toFixed(4))).size).toBeGreaterThan(50);
    expect(turned.map((crop) => crop.label)).toEqual(crops.map((crop) => crop.label));
    expect(withColourTurns(crops, 5).map((crop) => [...crop.input])).toEqual(turned.map((crop) => [...crop.input]));
  });

  it("turns the same crops to the same hues as before saturation turns existed, so v7's command still makes v7", () => {
    const crops = Array.from({ length: 6 }, (_, i) => ({ ...pixels([1, 0, 0]), label: i % 2 ? "ok" : "scratch" }));
    const rounded = (examples: Example[]) => examples.map((crop) => [...crop.input].map((v) => Number(v.toFixed(4)) + 0));
    expect(rounded(withColourTurns(crops, 5))).toEqual([
      [-0.2035, 0.2594, 0.9441],
      [1, 0, 0],
      [1, 0, 0],
      [0.9556, 0.2295, -0.185],
      [1, 0, 0],
      [1, 0, 0],
    ]);
  });

  it("moves colours from grey by the saturation asked: twice as vivid, or grey at none, the grey itself kept", () => {
    const [r, g, b] = hueTurned(pixels([0.9, 0.2, -0.3]), 0, 2).input as unknown as [number, number, number];
    const grey = (0.9 + 0.2 - 0.3) / 3;
    expect([r, g, b].map((v) => Number(v.toFixed(5)))).toEqual([0.9, 0.2, -0.3].map((v) => Number((grey + 2 * (v - grey)).toFixed(5))));
    expect([...hueTurned(pixels([0.9, 0.2, -0.3]), 1.3, 0).input].map((v) => Number(v.toFixed(5)))).toEqual(
      [grey, grey, grey].map((v) => Number(v.toFixed(5))),
    );
  });

  it("reads the colour turns a model was trained with from its metadata", () => {
    expect(colourTurnsOf({ training: {} })).toBeNull();
    expect(colourTurnsOf({ training: { colourTurns: true } })).toEqual({});
    expect(colourTurnsOf({ training: { colourTurns: true, saturationTurns: [0.5, 2.5] } })).toEqual({ saturation: [0.5, 2.5] });
    expect(colourTurnsOf({ training: { colourTurns: true, saturationTurns: "vivid" } })).toEqual({});
  });

  it("with saturation turns, makes turned crops more and less vivid within the range, and no other crop", () => {
    const crops = Array.from({ length: 400 }, (_, i) => ({ ...pixels([1, 0, 0]), label: i % 2 ? "ok" : "scratch" }));
    const distance = (input: Float32Array) => Math.hypot(input[0]! - 1 / 3, input[1]! - 1 / 3, input[2]! - 1 / 3);
    const plain = distance(crops[0]!.input);
    const turned = withColourTurns(crops, 5, SATURATION_TURNS);
    const changed = turned.filter((crop, i) => crop !== crops[i]);
    expect(changed.length).toBeGreaterThan(150);
    expect(changed.length).toBeLessThan(250);
    const ratios = changed.map((crop) => distance(crop.input) / plain);
    expect(Math.min(...ratios)).toBeGreaterThanOrEqual(SATURATION_TURNS[0] - 1e-4);
    expect(Math.max(...ratios)).toBeLessThanOrEqual(SATURATION_TURNS[1] + 1e-4);
    // Both ends are reached: paler and more vivid than the phone was.
    expect(ratios.filter((ratio) => ratio < 0.8).length).toBeGreaterThan(20);
    expect(ratios.filter((ratio) => ratio > 1.6).length).toBeGreaterThan(20);
  });
});

describe("varied lamps", () => {
  it("widen the normal preset's lamps both ways, and leave its blur and most of its noise as they are", () => {
    for (const key of ["brightness", "colorTemperature", "gradient", "glare", "noise"] as const) {
      const [low, high] = VARIED_LAMPS[key];
      const [normalLow, normalHigh] = PRESETS.normal[key];
      expect(low, key).toBeLessThanOrEqual(normalLow);
      expect(high, key).toBeGreaterThan(normalHigh);
    }
    expect(VARIED_LAMPS.glareProbability).toBeGreaterThan(PRESETS.normal.glareProbability);
    // Dimmer and cooler than the normal preset too, not only towards the lighting-shift's brighter, warmer lamps (which they hold).
    expect(VARIED_LAMPS.brightness[0]).toBeLessThan(PRESETS.normal.brightness[0]);
    expect(VARIED_LAMPS.colorTemperature[0]).toBeLessThan(PRESETS.normal.colorTemperature[0]);
    for (const key of ["brightness", "colorTemperature"] as const) {
      expect(VARIED_LAMPS[key][0]).toBeLessThanOrEqual(PRESETS["lighting-shift"][key][0]);
      expect(VARIED_LAMPS[key][1]).toBeGreaterThanOrEqual(PRESETS["lighting-shift"][key][1]);
    }
    // A hairline scratch blurred or drowned away is not there to learn.
    expect(VARIED_LAMPS.blur).toEqual(PRESETS.normal.blur);
    expect(VARIED_LAMPS.noise[1]).toBeLessThan(PRESETS["lighting-shift"].noise[1]);
  });

  it("are recorded in a model's metadata and read back from it, and nothing else is taken for them", () => {
    expect(variedLampsOf({ training: variedLampsRecord(VARIED_LAMPS) })).toEqual(VARIED_LAMPS);
    expect(variedLampsRecord(null)).toEqual({});
    expect(variedLampsOf({ training: {} })).toBeNull();
    expect(variedLampsOf({ training: { variedLamps: true } })).toBeNull();
    const { noise: _noise, ...noNoise } = VARIED_LAMPS;
    expect(variedLampsOf({ training: { variedLamps: noNoise } })).toBeNull();
    expect(variedLampsOf({ training: { variedLamps: { ...VARIED_LAMPS, brightness: [0.7, "bright"] } } })).toBeNull();
    const { glareProbability: _glare, ...noGlare } = VARIED_LAMPS;
    expect(variedLampsOf({ training: { variedLamps: noGlare as Omit<LightingRanges, "glareProbability"> } })).toBeNull();
  });
});
