// Synthetic phone photos with known truth, deterministic by seed: the demo
// data, the first model's training data, and the drift scenarios' input.
export { generatePhoto, PHOTO_SIZE, SYNTH_DEFECTS, type SynthPhoto, type SynthLabel, type SynthDefect, type Lighting, type DefectInstance, type PhotoOptions } from "./photo.ts";
export { PRESETS, PRESET_NAMES, isPresetName, type PresetName, type LightingRanges } from "./presets.ts";
export { Random, seedFor } from "./random.ts";
