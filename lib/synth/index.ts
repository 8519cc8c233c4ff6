// Synthetic phone photos with known truth, deterministic by seed: the demo
// data, the first models' training data, the drift scenarios' input, and
// line-camera photos at 1920x1080 for the camera model.
export {
  generatePhoto,
  PHOTO_SIZE,
  SYNTH_DEFECTS,
  type SynthPhoto,
  type SynthLabel,
  type SynthDefect,
  type Lighting,
  type DefectInstance,
  type PhotoOptions,
} from "./photo.ts";
export { PRESETS, PRESET_NAMES, isPresetName, type PresetName, type LightingRanges } from "./presets.ts";
export { Random, seedFor } from "./random.ts";
export {
  generateCameraPhoto,
  CAMERA_DEFECTS,
  CAMERA_DEFECT_KINDS,
  CAMERA_TONES,
  CAMERA_WIDTH,
  CAMERA_HEIGHT,
  type CameraPhoto,
  type CameraLabel,
  type CameraPhotoOptions,
  type CameraTone,
  type Finish,
  type PhonePose,
  isOnPhone,
} from "./camera.ts";
