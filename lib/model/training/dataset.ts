import { generatePhoto, SYNTH_DEFECTS, type SynthLabel, type PresetName, Random, seedFor } from "../../synth/index.ts";
import { MODEL_INPUT_SIZE, preprocess, type InputStatistics, type PhotoPixels } from "../preprocess.ts";
import type { InspectionRegion } from "../region.ts";

export interface LabelledPhoto {
  pixels: PhotoPixels;
  /** "ok" or a defect class. */
  label: string;
  /** Where the defect is, pixel by pixel, when known (synthetic photos). */
  mask?: Uint8Array;
  /** In a mix (`synth+db:<station>`), which side a photo comes from. */
  origin?: "synth" | "line";
  /** Its station's region of interest, where it has one: the photo is scored there only, as the station scores it. */
  region?: InspectionRegion;
}

export interface Example {
  input: Float32Array;
  label: string;
  statistics: InputStatistics;
  /** 1 for each heatmap patch that covers part of the defect, when the mask is known. */
  defectPatches?: Uint8Array;
  origin?: "synth" | "line";
  /** The input's height, width and channels when it is not the square model's 64x64x1 (a camera model's crop). */
  shape?: [number, number, number];
  /** Rows and columns of the patch grid defectPatches covers, when not HEATMAP_SIZE square. */
  patchShape?: [number, number];
  /** Scored inside this region of interest only (scoreExamples), as its station scores it. */
  region?: InspectionRegion;
}

/** An example's input shape: its own, or the square model's. */
export function inputShape(example: Pick<Example, "shape">): [number, number, number] {
  return example.shape ?? [MODEL_INPUT_SIZE, MODEL_INPUT_SIZE, 1];
}

export const HEATMAP_SIZE = MODEL_INPUT_SIZE / 4;

/** Which heatmap patches a defect mask touches. */
export function patchesOfMask(mask: Uint8Array, width: number, height: number, size: number = HEATMAP_SIZE): Uint8Array {
  const patches = new Uint8Array(size * size);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (mask[y * width + x]) patches[Math.floor((y * size) / height) * size + Math.floor((x * size) / width)] = 1;
    }
  }
  return patches;
}

export function toExample(photo: LabelledPhoto): Example {
  const { input, statistics } = preprocess(photo.pixels);
  const example: Example = { input, label: photo.label, statistics, ...(photo.origin ? { origin: photo.origin } : {}) };
  if (photo.mask) example.defectPatches = patchesOfMask(photo.mask, photo.pixels.width, photo.pixels.height);
  return example;
}

/** `count` synthetic photos, 40% ok and 20% of each defect, deterministic by seed. */
export function* synthPhotos(seed: number, count: number, preset: PresetName = "normal"): Generator<LabelledPhoto> {
  const labels: SynthLabel[] = ["ok", "ok", ...SYNTH_DEFECTS];
  for (let i = 0; i < count; i++) {
    const photo = generatePhoto(seedFor(seed, i), { preset, label: labels[i % labels.length] });
    yield { pixels: photo, label: photo.label, mask: photo.mask };
  }
}

export interface Split<T> {
  train: T[];
  validation: T[];
  test: T[];
}

/**
 * Deals each label's items, shuffled, round the `k` folds in turn: every fold
 * keeps the label mix, and every item is in exactly one fold.
 */
export function kFoldSplit<T extends { label: string }>(items: readonly T[], k: number, seed: number): T[][] {
  const random = new Random(seed);
  const folds: T[][] = Array.from({ length: k }, () => []);
  const byLabel = new Map<string, T[]>();
  for (const item of items) byLabel.set(item.label, [...(byLabel.get(item.label) ?? []), item]);
  let next = 0;
  for (const group of byLabel.values()) {
    const shuffled = random.shuffle([...group]);
    // Each label starts where the last one ended, so small classes do not all land in fold 0.
    for (const item of shuffled) folds[next++ % k]!.push(item);
  }
  return folds;
}

/** Splits each label's items by the same fractions, so every split keeps the label mix. */
export function stratifiedSplit<T extends { label: string }>(items: readonly T[], fractions: { validation: number; test: number }, seed: number): Split<T> {
  const random = new Random(seed);
  const byLabel = new Map<string, T[]>();
  for (const item of items) byLabel.set(item.label, [...(byLabel.get(item.label) ?? []), item]);
  const split: Split<T> = { train: [], validation: [], test: [] };
  for (const group of byLabel.values()) {
    const shuffled = random.shuffle([...group]);
    const nTest = Math.round(shuffled.length * fractions.test);
    const nValidation = Math.round(shuffled.length * fractions.validation);
    split.test.push(...shuffled.slice(0, nTest));
    split.validation.push(...shuffled.slice(nTest, nTest + nValidation));
    split.train.push(...shuffled.slice(nTest + nValidation));
  }
  return split;
}

/** Inputs of many examples (all of one shape) as one NHWC batch buffer. */
export function stackInputs(examples: readonly Example[]): Float32Array {
  const size = examples[0]?.input.length ?? 0;
  const out = new Float32Array(examples.length * size);
  examples.forEach((example, i) => out.set(example.input, i * size));
  return out;
}

/** Multi-hot targets: one column per defect class, all zero for ok. */
export function targets(examples: readonly Example[], classes: readonly string[]): Float32Array {
  const out = new Float32Array(examples.length * classes.length);
  examples.forEach((example, i) => {
    const k = classes.indexOf(example.label);
    if (k >= 0) out[i * classes.length + k] = 1;
  });
  return out;
}

/**
 * Per-patch targets (N x HEATMAP_SIZE^2 x classes) and a mask of which
 * examples have them: a patch is positive for the photo's class where it
 * covers the defect, negative elsewhere; every patch of an ok photo is negative.
 */
export function patchTargets(examples: readonly Example[], classes: readonly string[]): { targets: Float32Array; known: Float32Array } {
  const [rows, columns] = examples[0]?.patchShape ?? [HEATMAP_SIZE, HEATMAP_SIZE];
  const cells = rows * columns;
  const targets = new Float32Array(examples.length * cells * classes.length);
  const known = new Float32Array(examples.length);
  examples.forEach((example, i) => {
    const k = classes.indexOf(example.label);
    if (example.label !== "ok" && (k < 0 || !example.defectPatches)) return;
    known[i] = 1;
    if (k < 0 || !example.defectPatches) return;
    for (let c = 0; c < cells; c++) if (example.defectPatches[c]) targets[(i * cells + c) * classes.length + k] = 1;
  });
  return { targets, known };
}

/** Weights that give every label the same total weight (mean weight 1). */
export function balancedWeights(examples: readonly Example[]): Float32Array {
  const counts = new Map<string, number>();
  for (const example of examples) counts.set(example.label, (counts.get(example.label) ?? 0) + 1);
  const perLabel = examples.length / counts.size;
  return Float32Array.from(examples, (example) => perLabel / (counts.get(example.label) ?? 1));
}

/**
 * The defect classes a model learns from its data: every label but ok, in
 * order. Refused before any training, with what to fix: a defect without
 * its type (the model could not say which class it is), or no defect at all.
 */
export function classesOfData(labels: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  const untyped = counts.get("defect") ?? 0;
  if (untyped > 0) throw new Error(`${untyped} photos are labelled defect without a type: give each its defect type in labels.csv`);
  const classes = [...counts.keys()].filter((label) => label !== "ok").sort();
  if (classes.length === 0) throw new Error(`none of the ${labels.length} photos is a defect: a model cannot learn defects from ok photos alone`);
  return classes;
}
