import {
  CAMERA_DEFECTS,
  type CameraLabel,
  type CameraPhoto,
  type CameraTone,
  type Finish,
  generateCameraPhoto,
  type PhonePose,
  type LightingRanges,
  type PresetName,
  Random,
  seedFor,
} from "../../synth/index.ts";
import { FRAME_STRIDE, type PhotoPixels, preprocessFrame, type PreprocessedFrame } from "../preprocess.ts";
import type { Example, LabelledPhoto } from "./dataset.ts";
import type { ModelMetadata } from "../metadata.ts";
import type { InspectionRegion } from "../region.ts";

// A camera model trains on crops of the frame it will see whole: a crop
// costs a 24th of a frame per step, and a fully convolutional model's
// weights do not care where a patch came from. Crops on the defect teach
// what it looks like; crops anywhere else (the bench, the frame, dust,
// highlights) what it does not.

/** A training crop's side, in frame pixels (288 pixels of a 1920-pixel photo). */
export const CROP_SIZE = 96;
export const CROP_GRID = CROP_SIZE / FRAME_STRIDE;
/** Crops per training photo: on a defect photo the first two hold the defect. */
export const CROPS_PER_PHOTO = 3;

/** The defect mask at the frame's scale: a frame pixel is defect where any photo pixel under it is. */
export function frameMask(mask: Uint8Array, photo: { width: number; height: number }, frame: { width: number; height: number }): Uint8Array {
  const out = new Uint8Array(frame.width * frame.height);
  for (let y = 0; y < photo.height; y++) {
    const fy = Math.min(frame.height - 1, Math.floor((y * frame.height) / photo.height));
    for (let x = 0; x < photo.width; x++) {
      if (mask[y * photo.width + x]) out[fy * frame.width + Math.min(frame.width - 1, Math.floor((x * frame.width) / photo.width))] = 1;
    }
  }
  return out;
}

/** The frame's pixels in a rectangle, row by row. */
function frameRectangle(frame: PreprocessedFrame, x0: number, y0: number, width: number, height: number): Float32Array {
  const input = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) input.set(frame.input.subarray(((y0 + y) * frame.width + x0) * 3, ((y0 + y) * frame.width + x0 + width) * 3), y * width * 3);
  return input;
}

/** The crop of a preprocessed frame at (x0, y0): a defect example where it holds any of the defect, else ok. */
export function cropExample(frame: PreprocessedFrame, mask: Uint8Array | null, label: string, x0: number, y0: number, size: number = CROP_SIZE): Example {
  const input = frameRectangle(frame, x0, y0, size, size);
  const grid = size / FRAME_STRIDE;
  const patches = new Uint8Array(grid * grid);
  let defectPixels = 0;
  if (mask) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        if (!mask[(y0 + y) * frame.width + x0 + x]) continue;
        defectPixels++;
        patches[Math.floor(y / FRAME_STRIDE) * grid + Math.floor(x / FRAME_STRIDE)] = 1;
      }
    }
  }
  const isDefect = label !== "ok" && defectPixels > 0;
  return {
    input,
    label: isDefect ? label : "ok",
    statistics: frame.statistics,
    defectPatches: isDefect ? patches : new Uint8Array(grid * grid),
    shape: [size, size, 3],
    patchShape: [grid, grid],
  };
}

/** The crop centred on (cx, cy), moved as little as needed to stay inside the frame. */
export function cropAround(frame: PreprocessedFrame, mask: Uint8Array | null, label: string, cx: number, cy: number): Example {
  const x0 = Math.round(Math.min(frame.width - CROP_SIZE, Math.max(0, cx - CROP_SIZE / 2)));
  const y0 = Math.round(Math.min(frame.height - CROP_SIZE, Math.max(0, cy - CROP_SIZE / 2)));
  return cropExample(frame, mask, label, x0, y0);
}

/** Where to centre a crop that holds a photo's defect: its box's centre somewhere in the crop's middle half (frame pixels). */
export function defectCropCentre(box: readonly [number, number, number, number], scale: number, random: Random): [number, number] {
  const [bx, by, bw, bh] = box;
  return [(bx + bw / 2) * scale + random.between(-0.25, 0.25) * CROP_SIZE, (by + bh / 2) * scale + random.between(-0.25, 0.25) * CROP_SIZE];
}

export interface CameraSetOptions {
  preset?: PresetName;
  /** Another line's lamps, instead of a preset's. */
  lighting?: LightingRanges;
  /** The labels in turn (default: cameraLabelAt). */
  labelAt?: (index: number) => CameraLabel;
  tones?: readonly CameraTone[];
  finishes?: readonly Finish[];
  /** Crops per photo: on a defect photo the first two hold the defect, the rest fall anywhere. */
  cropsPerPhoto?: number;
}

/** The labels of a camera set in turn: 40% ok, the rest shared by the defects. */
export function cameraLabelAt(index: number): CameraLabel {
  const cycle: CameraLabel[] = ["ok", "ok", "ok", "ok", ...CAMERA_DEFECTS];
  return cycle[index % cycle.length] as CameraLabel;
}

/** The `index`th camera-resolution photo of the synthetic set `seed`: the same whichever thread makes it. */
export function cameraPhotoAt(seed: number, index: number, options: CameraSetOptions = {}): CameraPhoto {
  const labelAt = options.labelAt ?? cameraLabelAt;
  return generateCameraPhoto(seedFor(seed, index), {
    preset: options.preset ?? "normal",
    ...(options.tones ? { tones: options.tones } : {}),
    ...(options.finishes ? { finishes: options.finishes } : {}),
    ...(options.lighting ? { lighting: options.lighting } : {}),
    label: labelAt(index),
  });
}

/** Camera-resolution photos of the synthetic line, deterministic by seed. */
export function* cameraPhotos(seed: number, count: number, options: CameraSetOptions = {}): Generator<CameraPhoto> {
  for (let i = 0; i < count; i++) yield cameraPhotoAt(seed, i, options);
}

/** A camera photo as training uses it: the frame the model sees, the defect's mask at the frame's scale, and where the phone and the defect are. */
export interface CameraFrame {
  frame: PreprocessedFrame;
  mask: Uint8Array | null;
  label: CameraLabel;
  /** In photo pixels (x, y, width, height), or null for ok. */
  defectBox: readonly [number, number, number, number] | null;
  /** In photo pixels. */
  pose: PhonePose;
  /** Frame pixels per photo pixel. */
  scale: number;
}

export function cameraFrameOf(photo: CameraPhoto): CameraFrame {
  const frame = preprocessFrame(photo);
  return {
    frame,
    mask: photo.defectBox ? frameMask(photo.mask, photo, frame) : null,
    label: photo.label,
    defectBox: photo.defectBox,
    pose: photo.pose,
    scale: frame.width / photo.width,
  };
}

/** The random source of a set's crop centres: cameraCrops and cropsOfFrames place the same crops on the same set. */
export function cropRandom(seed: number): Random {
  return new Random(seed ^ 0x0c0ffee);
}

/** Training crops of one photo: on a defect photo the first two on the defect, the rest anywhere (mostly on the phone). */
export function cropsOfFrame(camera: CameraFrame, random: Random, crops: number = CROPS_PER_PHOTO): Example[] {
  const { frame, mask, label, defectBox, pose, scale } = camera;
  const out: Example[] = [];
  for (let k = 0; k < crops; k++) {
    let centre: [number, number];
    if (defectBox && k < 2) {
      centre = defectCropCentre(defectBox, scale, random);
    } else if (random.chance(0.75)) {
      const u = random.between(-0.5, 0.5) * pose.length;
      const v = random.between(-0.5, 0.5) * pose.width;
      centre = [
        (pose.cx + u * Math.cos(pose.angle) - v * Math.sin(pose.angle)) * scale,
        (pose.cy + u * Math.sin(pose.angle) + v * Math.cos(pose.angle)) * scale,
      ];
    } else {
      centre = [random.between(0, frame.width), random.between(0, frame.height)];
    }
    out.push(cropAround(frame, mask, label, ...centre));
  }
  return out;
}

/** Training crops of `count` camera photos: on the defect where there is one, and anywhere (mostly on the phone) otherwise. */
export function* cameraCrops(seed: number, count: number, options: CameraSetOptions = {}): Generator<Example> {
  const random = cropRandom(seed);
  for (const photo of cameraPhotos(seed, count, options)) yield* cropsOfFrame(cameraFrameOf(photo), random, options.cropsPerPhoto);
}

/** cameraCrops of frames made elsewhere (a CameraFramePool): the same crops of the same set. */
export async function cropsOfFrames(frames: AsyncIterable<CameraFrame>, seed: number, crops: number = CROPS_PER_PHOTO): Promise<Example[]> {
  const random = cropRandom(seed);
  const out: Example[] = [];
  for await (const camera of frames) out.push(...cropsOfFrame(camera, random, crops));
  return out;
}

/** A whole photo as the camera model sees it, as one example: what a labelled line photo without a marked defect trains as. */
export function wholeFrameExample(pixels: PhotoPixels, label: string, origin?: "synth" | "line", region?: InspectionRegion): Example {
  const frame = preprocessFrame(pixels);
  return {
    ...(region ? { region } : {}),
    input: frame.input,
    label,
    statistics: frame.statistics,
    shape: [frame.height, frame.width, 3],
    patchShape: [frame.height / FRAME_STRIDE, frame.width / FRAME_STRIDE],
    ...(origin ? { origin } : {}),
  };
}

/**
 * The frame's pixels a region of interest covers, widened to whole patches
 * (FRAME_STRIDE) so its patch grid is the whole frame's: x0, y0, width, height.
 */
export function regionBox(frame: Pick<PreprocessedFrame, "width" | "height">, region: InspectionRegion): [number, number, number, number] {
  const down = (value: number) => Math.floor(value / FRAME_STRIDE) * FRAME_STRIDE;
  const up = (value: number) => Math.ceil(value / FRAME_STRIDE) * FRAME_STRIDE;
  const x0 = down(region.left * frame.width);
  const y0 = down(region.top * frame.height);
  const x1 = Math.min(frame.width, Math.max(x0 + FRAME_STRIDE, up((region.left + region.width) * frame.width)));
  const y1 = Math.min(frame.height, Math.max(y0 + FRAME_STRIDE, up((region.top + region.height) * frame.height)));
  return [x0, y0, x1 - x0, y1 - y0];
}

/** The frame's part inside a region of interest as one example (weakly labelled, like a whole frame). */
function regionFrameExample(frame: PreprocessedFrame, label: string, region: InspectionRegion, origin?: "synth" | "line"): Example {
  const [x0, y0, width, height] = regionBox(frame, region);
  const input = frameRectangle(frame, x0, y0, width, height);
  return {
    input,
    label,
    statistics: frame.statistics,
    shape: [height, width, 3],
    patchShape: [height / FRAME_STRIDE, width / FRAME_STRIDE],
    ...(origin ? { origin } : {}),
  };
}

/**
 * A line's labelled photos as camera-model examples. Nobody marked where a
 * line's defect is, so a defect photo trains whole (its score is its most
 * suspicious patch: the model finds the defect itself); an ok photo is ok
 * everywhere, so its crops are as true as it is and a 24th of the cost.
 * A photo of a station with a region of interest trains on that region
 * only, as the station scores it: a defect photo's region whole, an ok
 * photo's crops from inside it.
 */
export function* lineExamples(photos: readonly LabelledPhoto[], seed: number, cropsPerOkPhoto = 3): Generator<Example> {
  const random = new Random(seed ^ 0x11e);
  for (const photo of photos) {
    if (photo.label !== "ok" && !photo.region) {
      yield wholeFrameExample(photo.pixels, photo.label, photo.origin);
      continue;
    }
    const frame = preprocessFrame(photo.pixels);
    const [x0, y0, width, height] = photo.region ? regionBox(frame, photo.region) : [0, 0, frame.width, frame.height];
    if (photo.region && (photo.label !== "ok" || width < CROP_SIZE || height < CROP_SIZE)) {
      yield regionFrameExample(frame, photo.label, photo.region, photo.origin);
      continue;
    }
    for (let k = 0; k < cropsPerOkPhoto; k++) {
      const crop = cropExample(frame, null, "ok", x0 + random.int(0, Math.max(0, width - CROP_SIZE)), y0 + random.int(0, Math.max(0, height - CROP_SIZE)));
      yield photo.origin ? { ...crop, origin: photo.origin } : crop;
    }
  }
}

/**
 * Crops where a trained camera model is most wrong on a photo: its hottest
 * patches away from the photo's defect (the bench's clutter, a highlight, the
 * frame's edge), which whole photos are full of and random crops rarely hit.
 * `heat` is the model's square heatmap of the photo; the crops are labelled
 * by the photo's mask like any other, so one that does hold the defect says so.
 */
export function hardNegativeCrops(frame: PreprocessedFrame, mask: Uint8Array | null, label: string, heat: readonly number[], count: number): Example[] {
  const size = Math.round(Math.sqrt(heat.length));
  const cells = heat.map((value, i) => ({ value, i })).sort((a, b) => b.value - a.value);
  const crops: Example[] = [];
  const taken: [number, number][] = [];
  for (const { i } of cells) {
    if (crops.length >= count) break;
    const cx = ((i % size) + 0.5) * (frame.width / size);
    const cy = (Math.floor(i / size) + 0.5) * (frame.height / size);
    // Far enough from the crops already taken that each shows something else.
    if (taken.some(([x, y]) => Math.abs(x - cx) < CROP_SIZE / 2 && Math.abs(y - cy) < CROP_SIZE / 2)) continue;
    const crop = cropAround(frame, mask, label, cx, cy);
    if (crop.label !== "ok") continue;
    taken.push([cx, cy]);
    crops.push(crop);
  }
  return crops;
}

/**
 * The example with its colours turned by `angle` radians around the grey axis:
 * a red phone becomes a green or a blue one, greys and the brightness stay,
 * and so do the colour differences a stain or an oil sheen makes. A
 * `saturation` other than 1 then moves every colour that many times its
 * distance from its grey: a pale gold phone becomes a vivid one or nearly grey.
 */
export function hueTurned(example: Example, angle: number, saturation = 1): Example {
  return { ...example, input: turnColours(example.input, angle, saturation) };
}

/** RGB pixels (interleaved) with their colours turned and scaled from grey as hueTurned describes. */
export function turnColours(from: Float32Array, angle: number, saturation = 1): Float32Array {
  const c = Math.cos(angle);
  const s = Math.sin(angle) / Math.sqrt(3);
  const t = (1 - c) / 3;
  // Rodrigues' rotation about (1, 1, 1) / sqrt(3), row by row; the rotation
  // keeps each pixel's grey, so scaling the rest is J + saturation (R - J),
  // J the projection onto the grey axis.
  const scaled = (r: number) => 1 / 3 + saturation * (r - 1 / 3);
  const [m0, m1, m2, m3, m4, m5, m6, m7, m8] = [c + t, t - s, t + s, t + s, c + t, t - s, t - s, t + s, c + t].map(scaled) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const input = new Float32Array(from.length);
  for (let i = 0; i < input.length; i += 3) {
    const r = from[i] as number;
    const g = from[i + 1] as number;
    const b = from[i + 2] as number;
    input[i] = m0 * r + m1 * g + m2 * b;
    input[i + 1] = m3 * r + m4 * g + m5 * b;
    input[i + 2] = m6 * r + m7 * g + m8 * b;
  }
  return input;
}

/**
 * How far `--saturation-turns` moves a turned crop's colours from grey: from
 * half to two and a half times, evenly on a log scale. The synthetic line's
 * most colourful phones (blue, gold) sit about half as far from grey as a red one.
 */
export const SATURATION_TURNS: readonly [number, number] = [0.5, 2.5];

/**
 * Training crops with half of them, at random, turned to a random hue
 * (`--colour-turns`): the synthetic line has five phone colours, and a line
 * with a sixth (a red phone) met a model that had learned its defects on
 * those five only. Turned, the same defects show on phones of every hue;
 * with `saturation`, of every colourfulness in that range too.
 */
export function withColourTurns(examples: readonly Example[], seed: number, saturation?: readonly [number, number]): Example[] {
  const random = new Random(seed ^ 0xc0104);
  const [low, high] = (saturation ?? [1, 1]).map(Math.log) as [number, number];
  return examples.map((example) => {
    if (!random.chance(0.5)) return example;
    const angle = random.between(0, 2 * Math.PI);
    // No draw without saturation: the crops --colour-turns alone turned stay the same.
    return hueTurned(example, angle, saturation ? Math.exp(random.between(low, high)) : 1);
  });
}

/** Colour turns as a training uses them: hue only, or hue and colourfulness in a range. */
export interface ColourTurns {
  saturation?: readonly [number, number];
}

/** How a model's metadata records the colour turns it was trained with (colourTurnsOf reads it back). */
export function colourTurnsRecord(turns: ColourTurns | null): { colourTurns?: true; saturationTurns?: readonly [number, number] } {
  return turns ? { colourTurns: true, ...(turns.saturation ? { saturationTurns: turns.saturation } : {}) } : {};
}

/** The colour turns a camera model was trained with, from its metadata: none, hue only, or hue and colourfulness. */
export function colourTurnsOf(metadata: Pick<ModelMetadata, "training">): ColourTurns | null {
  const { colourTurns, saturationTurns } = metadata.training;
  if (colourTurns !== true) return null;
  return isRange(saturationTurns) ? { saturation: saturationTurns } : {};
}

/** A [low, high] pair of finite numbers, as a model's metadata records a range. */
function isRange(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every(Number.isFinite);
}

/**
 * The lamps `--varied-lamps` draws training photos under: the normal
 * preset's brightness, colour temperature, fall-off, glare and noise widened
 * both ways (dimmer and brighter, cooler and warmer). One line's lamps are a
 * point in it, not its centre: a factory's lamps age, get swapped and differ
 * from line to line, and a model that only ever saw the normal preset's
 * raises false alarms when they change (bench/results/line-factors.md: v10
 * under another line's lamps, 12% false rejects at its threshold). Blur stays
 * the normal preset's, and noise not much past it: a hairline scratch blurred
 * or drowned away is no longer there to see, yet its crop is still labelled a
 * scratch. Tried with blur to 1 and noise to 0.045 (trained on from v10 at a
 * learning rate of 0.001), the model caught 25.5% of its 2,000 test photos'
 * scratches at its threshold (v10: 95.5% of its own).
 */
export const VARIED_LAMPS: LightingRanges = {
  brightness: [0.7, 1.5],
  colorTemperature: [-0.8, 0.8],
  gradient: [0, 0.3],
  glareProbability: 0.45,
  glare: [0.05, 0.35],
  noise: [0.005, 0.03],
  blur: [0, 0.6],
};

/** How a model's metadata records the lamps its synthetic training photos were drawn under (variedLampsOf reads it back). */
export function variedLampsRecord(lamps: LightingRanges | null): { variedLamps?: LightingRanges } {
  return lamps ? { variedLamps: lamps } : {};
}

/** The lamps a camera model's synthetic training photos were drawn under, when not the normal preset's. */
export function variedLampsOf(metadata: Pick<ModelMetadata, "training">): LightingRanges | null {
  const lamps = metadata.training.variedLamps;
  if (typeof lamps !== "object" || lamps === null) return null;
  const ranges = lamps as Record<string, unknown>;
  const keys = ["brightness", "colorTemperature", "gradient", "glare", "noise", "blur"] as const;
  if (!keys.every((key) => isRange(ranges[key])) || typeof ranges.glareProbability !== "number") return null;
  return lamps as LightingRanges;
}
