import type { CameraSetOptions } from "../../lib/model/training/camera-data.ts";
import type { LightingRanges } from "../../lib/synth/presets.ts";
import type { CameraLabel } from "../../lib/synth/camera.ts";

// The line bench:adapt adapts the camera model to and bench:line-factors
// takes apart: red and white glossy phones, under lamps of its own, and a
// defect the camera models have no class for (a scuff: an abraded patch).

/** Half the line's units are good; a scuff (new to the model) is its most common defect. */
export const LINE_LABELS: CameraLabel[] = ["ok", "ok", "ok", "ok", "ok", "scuff", "scuff", "scratch", "dent", "stain"];

/** Dimmer, warmer lamps than the base line's, a little noisier. */
export const LINE_LIGHTING: LightingRanges = {
  brightness: [0.75, 0.9],
  colorTemperature: [0.3, 0.5],
  gradient: [0.05, 0.2],
  glareProbability: 0.2,
  glare: [0.05, 0.15],
  noise: [0.015, 0.03],
  blur: [0, 0.6],
};

export const LINE: CameraSetOptions = {
  tones: ["red", "white"],
  finishes: ["glossy"],
  labelAt: (i) => LINE_LABELS[i % LINE_LABELS.length] as CameraLabel,
  lighting: LINE_LIGHTING,
};

/** The line station's defect classes: the camera models' six and the scuff. */
export const LINE_CLASSES = ["scratch", "crack", "dent", "chip", "oil", "stain", "scuff"];
