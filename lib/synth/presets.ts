/** Ranges the lighting of a photo is drawn from. */
export interface LightingRanges {
  /** Multiplies the scene: the lamps' strength. */
  brightness: [number, number];
  /** -1 cool (blue) .. +1 warm (amber). */
  colorTemperature: [number, number];
  /** Strength of a linear light fall-off across the photo. */
  gradient: [number, number];
  glareProbability: number;
  glare: [number, number];
  /** Standard deviation of sensor noise, on a 0..1 scale. */
  noise: [number, number];
  /** Radius of defocus blur in pixels of a 192-pixel photo. */
  blur: [number, number];
}

export const PRESET_NAMES = ["normal", "lighting-shift"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export const PRESETS: Record<PresetName, LightingRanges> = {
  // The line as the model was trained on it.
  normal: {
    brightness: [0.9, 1.1],
    colorTemperature: [-0.2, 0.2],
    gradient: [0, 0.15],
    glareProbability: 0.3,
    glare: [0.05, 0.2],
    noise: [0.008, 0.022],
    blur: [0, 0.6],
  },
  // The factory's lights changed: brighter, warmer, more glare and noise.
  "lighting-shift": {
    brightness: [1.25, 1.45],
    colorTemperature: [0.5, 0.8],
    gradient: [0.1, 0.3],
    glareProbability: 0.6,
    glare: [0.15, 0.35],
    noise: [0.02, 0.04],
    blur: [0.3, 1.0],
  },
};

export function isPresetName(value: string): value is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(value);
}
