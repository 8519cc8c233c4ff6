import { drawLighting, type Lighting } from "./photo.ts";
import { type LightingRanges, PRESETS, type PresetName } from "./presets.ts";
import { Random } from "./random.ts";

// A line camera's photo: 1920x1080, the phone lying on a cluttered bench at
// whatever pose it was put down in, filling 25-70% of the frame. Defects are
// drawn at camera scale (a hairline scratch is 1-3 pixels wide), beside
// things that are not defects and look a little like them (dust, specular
// highlights, reflections). Deterministic by seed, like generatePhoto.

export const CAMERA_WIDTH = 1920;
export const CAMERA_HEIGHT = 1080;

/** The defects of the product's own synthetic line, which the shipped camera model knows. */
export const CAMERA_DEFECTS = ["scratch", "crack", "dent", "chip", "oil", "stain"] as const;
/** Every defect the generator can draw: the base line's, and a scuff (an abraded patch) that only another line has. */
export const CAMERA_DEFECT_KINDS = [...CAMERA_DEFECTS, "scuff"] as const;
export type CameraDefect = (typeof CAMERA_DEFECT_KINDS)[number];
export type CameraLabel = "ok" | CameraDefect;

export const FINISHES = ["glossy", "matte"] as const;
export type Finish = (typeof FINISHES)[number];

/** Back-glass colours a line may make: the base line's and others a new line brings. */
export const CAMERA_TONES = {
  graphite: [0.13, 0.13, 0.14],
  silver: [0.78, 0.78, 0.76],
  blue: [0.2, 0.3, 0.5],
  gold: [0.76, 0.66, 0.5],
  green: [0.42, 0.54, 0.44],
  red: [0.62, 0.14, 0.16],
  white: [0.9, 0.9, 0.88],
} as const satisfies Record<string, readonly [number, number, number]>;
export type CameraTone = keyof typeof CAMERA_TONES;
export const BASE_LINE_TONES: readonly CameraTone[] = ["graphite", "silver", "blue", "gold", "green"];

export interface PhonePose {
  /** Centre of the phone in the frame, pixels. */
  cx: number;
  cy: number;
  /** Length and width of the phone, pixels (length along the rotated x axis). */
  length: number;
  width: number;
  /** Rotation in radians. */
  angle: number;
}

/** Whether a point of the photo (pixels) lies on the phone, or within `margin` pixels of its outline. */
export function isOnPhone(pose: PhonePose, x: number, y: number, margin = 0): boolean {
  const dx = x - pose.cx;
  const dy = y - pose.cy;
  const along = dx * Math.cos(pose.angle) + dy * Math.sin(pose.angle);
  const across = -dx * Math.sin(pose.angle) + dy * Math.cos(pose.angle);
  return Math.abs(along) <= pose.length / 2 + margin && Math.abs(across) <= pose.width / 2 + margin;
}

export interface CameraPhoto {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel. */
  rgba: Uint8ClampedArray;
  label: CameraLabel;
  surface: "back-glass" | "screen";
  tone: CameraTone | "screen";
  finish: Finish;
  pose: PhonePose;
  /** Share of the frame the phone covers. */
  fill: number;
  /** 1 where the defect was drawn, full resolution. */
  mask: Uint8Array;
  /** The defect's bounding box in pixels (x, y, width, height), or null for ok. */
  defectBox: [number, number, number, number] | null;
  lighting: Lighting;
  preset: PresetName;
  seed: number;
}

export interface CameraPhotoOptions {
  preset?: PresetName;
  /** Drawn at random (40% ok, the rest shared by the defects) when omitted. */
  label?: CameraLabel;
  surface?: "back-glass" | "screen";
  /** The back-glass colours to draw from (default: the base line's). */
  tones?: readonly CameraTone[];
  /** The finishes to draw from (default: both). */
  finishes?: readonly Finish[];
  /** The lighting's ranges, when not a preset's (another line's lamps). */
  lighting?: LightingRanges;
  /** Frame size; defect sizes and the phone scale with the width. */
  width?: number;
  height?: number;
}

/** Pixel layers the drawing adds into before lighting: relief is luminance, tint multiplies colour. */
interface Layers {
  width: number;
  height: number;
  relief: Float32Array;
  /** Additive per-channel colour (oil's sheen), 3 per pixel. */
  colour: Float32Array;
  mask: Uint8Array;
  onPhone: (x: number, y: number) => boolean;
}

function splat(layers: Layers, cx: number, cy: number, r: number, amount: number, markMask = true): void {
  const reach = Math.ceil(r * 2 + 1);
  for (let y = Math.max(0, Math.floor(cy - reach)); y <= Math.min(layers.height - 1, Math.ceil(cy + reach)); y++) {
    for (let x = Math.max(0, Math.floor(cx - reach)); x <= Math.min(layers.width - 1, Math.ceil(cx + reach)); x++) {
      if (!layers.onPhone(x, y)) continue;
      const weight = Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * r * r));
      if (weight < 0.05) continue;
      const i = y * layers.width + x;
      const value = amount * weight;
      if (Math.abs(value) > Math.abs(layers.relief[i] ?? 0)) layers.relief[i] = value;
      if (markMask && weight > 0.3) layers.mask[i] = 1;
    }
  }
}

function stroke(layers: Layers, points: readonly [number, number][], width: number, amount: number): void {
  for (let k = 1; k < points.length; k++) {
    const [x0, y0] = points[k - 1] as [number, number];
    const [x1, y1] = points[k] as [number, number];
    const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 0.5));
    for (let s = 0; s <= steps; s++) splat(layers, x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps, width / 2, amount);
  }
}

/** A point on the phone, `margin` pixels inside its outline (phone coordinates, then the frame). */
function pointOnPhone(random: Random, pose: PhonePose, margin: number): [number, number] {
  const u = random.between(-pose.length / 2 + margin, pose.length / 2 - margin);
  const v = random.between(-pose.width / 2 + margin, pose.width / 2 - margin);
  return [pose.cx + u * Math.cos(pose.angle) - v * Math.sin(pose.angle), pose.cy + u * Math.sin(pose.angle) + v * Math.cos(pose.angle)];
}

function drawScratch(layers: Layers, random: Random, pose: PhonePose, k: number): void {
  const length = random.between(90, 380) * k;
  const angle = random.between(0, Math.PI);
  const [cx, cy] = pointOnPhone(random, pose, length / 2.5);
  const bend = random.chance(0.5) ? random.between(-0.2, 0.2) * length : 0;
  const points: [number, number][] = [];
  for (let t = 0; t <= 1.0001; t += 0.02) {
    const along = (t - 0.5) * length;
    const across = bend * (1 - (2 * t - 1) ** 2);
    points.push([cx + Math.cos(angle) * along - Math.sin(angle) * across, cy + Math.sin(angle) * along + Math.cos(angle) * across]);
  }
  // A hairline catches the light: mostly brighter than the glass; the thinner, the brighter it must be to be seen at all.
  const width = random.between(1, 3) * k;
  const contrast = random.between(0.35, 0.7) * (1.6 / (0.6 + width / k)) * (random.chance(0.8) ? 1 : -1);
  stroke(layers, points, width, contrast);
}

function drawCrack(layers: Layers, random: Random, pose: PhonePose, k: number, isDark: boolean): void {
  const grow = (x: number, y: number, angle: number, length: number, depth: number) => {
    const points: [number, number][] = [[x, y]];
    let a = angle;
    for (let travelled = 0; travelled < length; travelled += 6 * k) {
      a += random.between(-0.4, 0.4);
      x += Math.cos(a) * 6 * k;
      y += Math.sin(a) * 6 * k;
      if (!layers.onPhone(Math.round(x), Math.round(y))) break;
      points.push([x, y]);
      if (depth < 2 && random.chance(0.08)) grow(x, y, a + random.pick([-1, 1]) * random.between(0.5, 1.1), length * random.between(0.3, 0.6), depth + 1);
    }
    // A fissure: dark on a light glass, and on a dark screen bright where the broken glass scatters the light.
    stroke(layers, points, random.between(2, 4) * k, random.between(0.4, 0.65) * (isDark ? 1 : -1));
  };
  const [x, y] = pointOnPhone(random, pose, 60 * k);
  const angle = random.between(0, 2 * Math.PI);
  const length = random.between(160, 420) * k;
  grow(x, y, angle, length / 2, 0);
  grow(x, y, angle + Math.PI + random.between(-0.4, 0.4), length / 2, 0);
  for (let b = random.int(1, 3); b > 0; b--) grow(x, y, random.between(0, 2 * Math.PI), length * random.between(0.2, 0.45), 1);
}

function drawDent(layers: Layers, random: Random, pose: PhonePose, k: number): void {
  const [cx, cy] = pointOnPhone(random, pose, 50 * k);
  for (let n = random.int(1, 3), first = true; n > 0; n--, first = false) {
    const x = cx + (first ? 0 : random.between(-40, 40) * k);
    const y = cy + (first ? 0 : random.between(-40, 40) * k);
    const r = random.between(12, 30) * k;
    const light = random.between(0, 2 * Math.PI);
    const depth = random.between(0.3, 0.5);
    // A dimple: lit on the side facing the lamp, shadowed on the other.
    for (let yy = Math.max(0, Math.floor(y - 2 * r)); yy <= Math.min(layers.height - 1, Math.ceil(y + 2 * r)); yy++) {
      for (let xx = Math.max(0, Math.floor(x - 2 * r)); xx <= Math.min(layers.width - 1, Math.ceil(x + 2 * r)); xx++) {
        if (!layers.onPhone(xx, yy)) continue;
        const dx = (xx - x) / r;
        const dy = (yy - y) / r;
        const d2 = dx * dx + dy * dy;
        if (d2 > 4) continue;
        const i = yy * layers.width + xx;
        layers.relief[i] = (layers.relief[i] ?? 0) + (dx * Math.cos(light) + dy * Math.sin(light)) * Math.exp(-d2) * depth - 0.12 * Math.exp(-d2 * 2);
        if (d2 < 1) layers.mask[i] = 1;
      }
    }
  }
}

/** A bite out of the phone's edge: the frame's metal shows bright at the break, dark inside. */
function drawChip(layers: Layers, random: Random, pose: PhonePose, k: number): void {
  const alongLength = random.chance(0.6);
  const side = random.pick([-1, 1]);
  const u = alongLength ? random.between(-0.4, 0.4) * pose.length : (side * pose.length) / 2;
  const v = alongLength ? (side * pose.width) / 2 : random.between(-0.35, 0.35) * pose.width;
  const x = pose.cx + u * Math.cos(pose.angle) - v * Math.sin(pose.angle);
  const y = pose.cy + u * Math.sin(pose.angle) + v * Math.cos(pose.angle);
  const r = random.between(10, 24) * k;
  for (let yy = Math.max(0, Math.floor(y - 2 * r)); yy <= Math.min(layers.height - 1, Math.ceil(y + 2 * r)); yy++) {
    for (let xx = Math.max(0, Math.floor(x - 2 * r)); xx <= Math.min(layers.width - 1, Math.ceil(x + 2 * r)); xx++) {
      if (!layers.onPhone(xx, yy)) continue;
      const d = Math.hypot(xx - x, yy - y) / r;
      if (d > 1.6) continue;
      const i = yy * layers.width + xx;
      // Jagged: the break's radius wobbles with the angle.
      const wobble = 1 + 0.25 * Math.sin(Math.atan2(yy - y, xx - x) * 5 + r);
      if (d < wobble) {
        layers.relief[i] = -0.55;
        layers.mask[i] = 1;
      } else if (d < wobble + 0.35) {
        layers.relief[i] = 0.45;
        layers.mask[i] = 1;
      }
    }
  }
}

/** An irregular blob (a few overlapping soft discs): oil and stains are shapes, not lines. */
function blob(random: Random, pose: PhonePose, radius: number): { x: number; y: number; r: number }[] {
  const [cx, cy] = pointOnPhone(random, pose, radius * 1.2);
  return Array.from({ length: random.int(2, 5) }, (_, n) => ({
    x: cx + (n === 0 ? 0 : random.between(-0.6, 0.6) * radius),
    y: cy + (n === 0 ? 0 : random.between(-0.6, 0.6) * radius),
    r: radius * random.between(0.45, 0.8),
  }));
}

function blobWeight(parts: readonly { x: number; y: number; r: number }[], x: number, y: number): number {
  let weight = 0;
  for (const part of parts) weight = Math.max(weight, Math.exp(-((x - part.x) ** 2 + (y - part.y) ** 2) / (2 * part.r * part.r)));
  return weight;
}

function forBlob(
  layers: Layers,
  parts: readonly { x: number; y: number; r: number }[],
  paint: (i: number, weight: number, x: number, y: number) => void,
): void {
  const x0 = Math.max(0, Math.floor(Math.min(...parts.map((p) => p.x - 2.5 * p.r))));
  const x1 = Math.min(layers.width - 1, Math.ceil(Math.max(...parts.map((p) => p.x + 2.5 * p.r))));
  const y0 = Math.max(0, Math.floor(Math.min(...parts.map((p) => p.y - 2.5 * p.r))));
  const y1 = Math.min(layers.height - 1, Math.ceil(Math.max(...parts.map((p) => p.y + 2.5 * p.r))));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (!layers.onPhone(x, y)) continue;
      const weight = blobWeight(parts, x, y);
      if (weight < 0.04) continue;
      const i = y * layers.width + x;
      paint(i, weight, x, y);
      if (weight > 0.35) layers.mask[i] = 1;
    }
  }
}

/** A fingerprint of oil: a gloss that lifts the surface and an interference sheen whose hue runs in bands. */
function drawOil(layers: Layers, random: Random, pose: PhonePose, k: number): void {
  const parts = blob(random, pose, random.between(45, 110) * k);
  const strength = random.between(0.1, 0.18);
  const period = random.between(9, 16) * k;
  const phase = random.between(0, 2 * Math.PI);
  forBlob(layers, parts, (i, weight, x, y) => {
    const band = (x + 0.7 * y) / period + phase;
    const w = weight * strength;
    layers.relief[i] = (layers.relief[i] ?? 0) + 0.35 * w;
    layers.colour[i * 3] = (layers.colour[i * 3] ?? 0) + w * Math.sin(band);
    layers.colour[i * 3 + 1] = (layers.colour[i * 3 + 1] ?? 0) + w * Math.sin(band + 2.1);
    layers.colour[i * 3 + 2] = (layers.colour[i * 3 + 2] ?? 0) + w * Math.sin(band + 4.2);
  });
}

/** A dried stain: brown, darker at its rim (the coffee-ring effect). */
function drawStain(layers: Layers, random: Random, pose: PhonePose, k: number): void {
  const parts = blob(random, pose, random.between(30, 80) * k);
  const strength = random.between(0.18, 0.3);
  const brown = [0.1, 0.3, 0.6] as const;
  forBlob(layers, parts, (i, weight) => {
    // Darkest where the weight crosses 0.45: the ring.
    const rim = Math.exp(-((weight - 0.45) ** 2) / 0.02);
    const w = strength * (0.6 * Math.min(1, weight * 1.6) + 0.6 * rim);
    for (let c = 0; c < 3; c++) layers.colour[i * 3 + c] = (layers.colour[i * 3 + c] ?? 0) - w * (brown[c] ?? 0);
  });
}

/** An abraded patch: many short, faint parallel scratches in one area, hazing the surface. */
function drawScuff(layers: Layers, random: Random, pose: PhonePose, k: number): void {
  const [cx, cy] = pointOnPhone(random, pose, 110 * k);
  const w = random.between(70, 160) * k;
  const h = random.between(40, 100) * k;
  const angle = random.between(0, Math.PI);
  const along = [Math.cos(angle), Math.sin(angle)] as const;
  for (let n = random.int(25, 50); n > 0; n--) {
    const u = random.between(-w / 2, w / 2);
    const v = random.between(-h / 2, h / 2);
    const x = cx + u * Math.cos(pose.angle) - v * Math.sin(pose.angle);
    const y = cy + u * Math.sin(pose.angle) + v * Math.cos(pose.angle);
    const length = random.between(10, 35) * k;
    stroke(
      layers,
      [
        [x - (along[0] * length) / 2, y - (along[1] * length) / 2],
        [x + (along[0] * length) / 2, y + (along[1] * length) / 2],
      ],
      random.between(1, 1.8) * k,
      random.between(0.12, 0.25),
    );
  }
}

const DRAW: Record<CameraDefect, (layers: Layers, random: Random, pose: PhonePose, k: number, isDark: boolean) => void> = {
  scuff: drawScuff,
  scratch: drawScratch,
  crack: drawCrack,
  dent: drawDent,
  chip: drawChip,
  oil: drawOil,
  stain: drawStain,
};

/** Dust: a few small bright specks, on good units as on bad ones; not a defect. */
function drawDust(layers: Layers, random: Random, pose: PhonePose, k: number): void {
  for (let n = random.int(0, 8); n > 0; n--) {
    const [x, y] = pointOnPhone(random, pose, 10 * k);
    const r = random.between(0.8, 2.2) * k;
    for (let yy = Math.max(0, Math.floor(y - 3 * r)); yy <= Math.min(layers.height - 1, Math.ceil(y + 3 * r)); yy++) {
      for (let xx = Math.max(0, Math.floor(x - 3 * r)); xx <= Math.min(layers.width - 1, Math.ceil(x + 3 * r)); xx++) {
        const i = yy * layers.width + xx;
        const value = 0.3 * Math.exp(-((xx - x) ** 2 + (yy - y) ** 2) / (2 * r * r));
        if (value > (layers.relief[i] ?? 0)) layers.relief[i] = value;
      }
    }
  }
}

/** Separable 3-tap blur, the side weight growing with the radius (up to a few pixels by repeating). */
function blur(channel: Float32Array, width: number, height: number, radius: number): void {
  let left = radius;
  const tmp = new Float32Array(channel.length);
  while (left > 0.15) {
    const step = Math.min(left, 1);
    left -= step;
    const side = Math.min(0.33, step * 0.33);
    const centre = 1 - 2 * side;
    for (let y = 0; y < height; y++) {
      const row = y * width;
      tmp[row] = channel[row] as number;
      tmp[row + width - 1] = channel[row + width - 1] as number;
      for (let i = row + 1, end = row + width - 1; i < end; i++)
        tmp[i] = centre * (channel[i] as number) + side * ((channel[i - 1] as number) + (channel[i + 1] as number));
    }
    for (let y = 1; y < height - 1; y++) {
      const row = y * width;
      for (let i = row, end = row + width; i < end; i++)
        channel[i] = centre * (tmp[i] as number) + side * ((tmp[i - width] as number) + (tmp[i + width] as number));
    }
  }
}

/** Background clutter: a bench with a grain, tools and cables lying about, drawn under the phone. */
function drawBench(random: Random, width: number, height: number, k: number): Float32Array {
  const bench = new Float32Array(width * height * 3);
  const tone = random.pick([
    [0.32, 0.3, 0.28],
    [0.22, 0.24, 0.27],
    [0.45, 0.42, 0.36],
    [0.18, 0.2, 0.18],
  ] as const);
  const grain = random.between(0.01, 0.03);
  const grainPeriod = random.between(20, 60) * k;
  // The grain waves along x and drifts with y: one sine table, read at a shifted place per row.
  const period = Math.max(4, Math.round(2 * Math.PI * grainPeriod));
  const wave = Float32Array.from({ length: period }, (_, n) => grain * Math.sin((2 * Math.PI * n) / period));
  for (let y = 0; y < height; y++) {
    const shift = Math.round(13 * Math.sin(y / (7 * grainPeriod)) + 13);
    for (let x = 0; x < width; x++) {
      const g = wave[(x + shift) % period] ?? 0;
      const i = (y * width + x) * 3;
      bench[i] = tone[0] + g;
      bench[i + 1] = tone[1] + g;
      bench[i + 2] = tone[2] + g;
    }
  }
  for (let n = random.int(2, 7); n > 0; n--) {
    const colour = [random.between(0.05, 0.9), random.between(0.05, 0.9), random.between(0.05, 0.9)];
    const x0 = random.between(0, width);
    const y0 = random.between(0, height);
    if (random.chance(0.5)) {
      // A tool or a tray: a filled rectangle.
      const w = random.between(60, 400) * k;
      const h = random.between(30, 200) * k;
      for (let y = Math.max(0, Math.floor(y0)); y < Math.min(height, y0 + h); y++) {
        for (let x = Math.max(0, Math.floor(x0)); x < Math.min(width, x0 + w); x++) {
          for (let c = 0; c < 3; c++) bench[(y * width + x) * 3 + c] = colour[c] ?? 0;
        }
      }
    } else {
      // A cable: a thick wavy line across the bench.
      const angle = random.between(0, Math.PI);
      const thick = random.between(6, 18) * k;
      const length = random.between(300, 1400) * k;
      for (let t = -length / 2; t < length / 2; t += 2) {
        const wave = 30 * k * Math.sin(t / (80 * k));
        const x = x0 + Math.cos(angle) * t - Math.sin(angle) * wave;
        const y = y0 + Math.sin(angle) * t + Math.cos(angle) * wave;
        for (let yy = Math.max(0, Math.floor(y - thick)); yy <= Math.min(height - 1, Math.ceil(y + thick)); yy++) {
          for (let xx = Math.max(0, Math.floor(x - thick)); xx <= Math.min(width - 1, Math.ceil(x + thick)); xx++) {
            if ((xx - x) ** 2 + (yy - y) ** 2 > thick * thick) continue;
            for (let c = 0; c < 3; c++) bench[(yy * width + xx) * 3 + c] = colour[c] ?? 0;
          }
        }
      }
    }
  }
  return bench;
}

/** Standard normal deviates, drawn once: noise for 2M pixels a photo must not cost 6M logarithms. */
const GAUSSIAN_TABLE = (() => {
  const random = new Random(0x5eed);
  return Float32Array.from({ length: 1 << 16 }, () => random.gaussian());
})();

function poseOf(random: Random, width: number, height: number): { pose: PhonePose; fill: number } {
  const aspect = random.between(2.0, 2.2);
  for (;;) {
    const fill = random.between(0.25, 0.7);
    const length = Math.sqrt(fill * width * height * aspect);
    const phoneWidth = length / aspect;
    // Put down lengthwise or across; turned a little either way.
    const across = fill < 0.3 && random.chance(0.4);
    const angle = (across ? Math.PI / 2 : 0) + random.between(-0.15, 0.15);
    const halfX = (Math.abs(Math.cos(angle)) * length + Math.abs(Math.sin(angle)) * phoneWidth) / 2;
    const halfY = (Math.abs(Math.sin(angle)) * length + Math.abs(Math.cos(angle)) * phoneWidth) / 2;
    if (halfX * 2 > width * 0.98 || halfY * 2 > height * 0.98) continue;
    const cx = random.between(halfX + 4, width - halfX - 4);
    const cy = random.between(halfY + 4, height - halfY - 4);
    return { pose: { cx, cy, length, width: phoneWidth, angle }, fill: (length * phoneWidth) / (width * height) };
  }
}

/** A camera-resolution photo of one phone, with at most one kind of defect. */
export function generateCameraPhoto(seed: number, options: CameraPhotoOptions = {}): CameraPhoto {
  const width = options.width ?? CAMERA_WIDTH;
  const height = options.height ?? CAMERA_HEIGHT;
  const k = width / CAMERA_WIDTH;
  const preset = options.preset ?? "normal";
  const random = new Random(seed);
  const label: CameraLabel = options.label ?? (random.chance(0.4) ? "ok" : random.pick(CAMERA_DEFECTS));
  const drawnSurface = random.chance(0.6) ? "back-glass" : "screen";
  const surface = options.surface ?? drawnSurface;
  const tone: CameraTone | "screen" = surface === "screen" ? "screen" : random.pick(options.tones ?? BASE_LINE_TONES);
  const finish = random.pick(options.finishes ?? FINISHES);
  const { pose, fill } = poseOf(random, width, height);
  const cos = Math.cos(pose.angle);
  const sin = Math.sin(pose.angle);
  const corner = pose.width * 0.14;
  /** Phone coordinates (along, across) of a frame pixel. */
  const local = (x: number, y: number): [number, number] => [(x - pose.cx) * cos + (y - pose.cy) * sin, -(x - pose.cx) * sin + (y - pose.cy) * cos];
  const onPhone = (x: number, y: number) => {
    const [u, v] = local(x, y);
    const du = Math.abs(u) - (pose.length / 2 - corner);
    const dv = Math.abs(v) - (pose.width / 2 - corner);
    if (du > corner || dv > corner) return false;
    return du <= 0 || dv <= 0 || du * du + dv * dv <= corner * corner;
  };

  const layers: Layers = {
    width,
    height,
    relief: new Float32Array(width * height),
    colour: new Float32Array(width * height * 3),
    mask: new Uint8Array(width * height),
    onPhone,
  };
  drawDust(layers, random, pose, k);
  if (label !== "ok") DRAW[label](layers, random, pose, k, tone === "screen" || tone === "graphite");
  const bench = drawBench(random, width, height, k);
  const lighting = drawLighting(random, options.lighting ?? PRESETS[preset]);
  // The presets' blur is in pixels of a 192-pixel photo; a 1080p camera's optics blur a pixel or two.
  lighting.blur *= 1.6;
  // A glossy phone mirrors the room: a long soft highlight band, and sometimes a dim window reflection.
  const highlight = {
    strength: finish === "glossy" ? random.between(0.05, 0.22) : random.between(0, 0.06),
    offset: random.between(-0.4, 0.4) * pose.width,
    slope: random.between(-0.6, 0.6),
    spread: random.between(0.04, 0.12) * pose.width,
  };
  const reflection = random.chance(finish === "glossy" ? 0.5 : 0.15)
    ? {
        u: random.between(-0.3, 0.3) * pose.length,
        v: random.between(-0.25, 0.25) * pose.width,
        w: random.between(0.1, 0.25) * pose.length,
        h: random.between(0.15, 0.35) * pose.width,
        strength: random.between(0.03, 0.08),
      }
    : null;
  const matteGrain = finish === "matte" ? random.between(0.008, 0.02) : 0;
  const grainAt = random.int(0, 0xffff);
  const base: readonly [number, number, number] = tone === "screen" ? [0.05, 0.06, 0.07] : CAMERA_TONES[tone];
  const tint = random.between(-0.03, 0.03);
  const island = { u: -pose.length / 2 + pose.width * 0.32, v: -pose.width / 2 + pose.width * 0.3, r: pose.width * random.between(0.1, 0.14) };
  const frameEdge = pose.width * 0.02;

  const channels = [new Float32Array(width * height), new Float32Array(width * height), new Float32Array(width * height)] as const;
  const gx = Math.cos(lighting.gradientAngle);
  const gy = Math.sin(lighting.gradientAngle);
  const warm = lighting.colorTemperature * 0.12;
  // The glare is a round Gaussian: a product of one along x and one along y, each computed once.
  const glareX = Float32Array.from({ length: width }, (_, x) => Math.exp(-((x / width - lighting.glareX) ** 2) / 0.02));
  const glareY = Float32Array.from({ length: height }, (_, y) => lighting.glare * Math.exp(-((y / height - lighting.glareY) ** 2) / 0.02));
  const halfLength = pose.length / 2;
  const halfWidth = pose.width / 2;
  const spread2 = 2 * highlight.spread * highlight.spread;
  const punchU = -halfLength + pose.width * 0.12;
  const punchR2 = (pose.width * 0.035) ** 2;
  const islandR2 = island.r * island.r;
  const isBack = tone !== "screen";
  const [red, green, blue] = channels;
  const { relief: reliefLayer, colour } = layers;
  for (let y = 0; y < height; y++) {
    // Phone coordinates are linear along a row: start them at x = 0 and step.
    let u = (0 - pose.cx) * cos + (y - pose.cy) * sin;
    let v = -(0 - pose.cx) * sin + (y - pose.cy) * cos;
    const fallRow = 1 + lighting.gradient * 2 * (y / height - 0.5) * gy;
    const glareRow = glareY[y] ?? 0;
    for (let x = 0; x < width; x++, u += cos, v -= sin) {
      const i = y * width + x;
      let r: number;
      let g: number;
      let b: number;
      let gloss = 0;
      const du = Math.abs(u) - (halfLength - corner);
      const dv = Math.abs(v) - (halfWidth - corner);
      const isOnPhone = du <= corner && dv <= corner && (du <= 0 || dv <= 0 || du * du + dv * dv <= corner * corner);
      if (!isOnPhone) {
        r = bench[i * 3] ?? 0;
        g = bench[i * 3 + 1] ?? 0;
        b = bench[i * 3 + 2] ?? 0;
      } else if (halfLength - Math.abs(u) < frameEdge || halfWidth - Math.abs(v) < frameEdge) {
        r = 0.55; // the metal frame
        g = 0.56;
        b = 0.58;
      } else if (isBack && (u - island.u) * (u - island.u) + (v - island.v) * (v - island.v) < islandR2) {
        r = 0.06; // camera island
        g = 0.06;
        b = 0.07;
      } else if (!isBack && (u - punchU) * (u - punchU) + v * v < punchR2) {
        r = 0.01; // the front camera's punch hole
        g = 0.01;
        b = 0.01;
      } else {
        r = base[0] + tint;
        g = base[1] + tint;
        b = base[2] + tint;
        const across = v - (highlight.offset + highlight.slope * u * 0.3);
        gloss = highlight.strength * Math.exp(-(across * across) / spread2);
        if (reflection && Math.abs(u - reflection.u) < reflection.w && Math.abs(v - reflection.v) < reflection.h) gloss += reflection.strength;
        if (matteGrain) gloss += matteGrain * (GAUSSIAN_TABLE[((i * 2654435761) ^ grainAt) & 0xffff] ?? 0);
      }
      const relief = reliefLayer[i] as number;
      const light = lighting.brightness * (fallRow + lighting.gradient * 2 * (x / width - 0.5) * gx);
      const glare = glareRow * (glareX[x] as number);
      red[i] = (r + relief + (colour[i * 3] as number) + gloss) * light * (1 + warm) + glare;
      green[i] = (g + relief + (colour[i * 3 + 1] as number) + gloss) * light + glare;
      blue[i] = (b + relief + (colour[i * 3 + 2] as number) + gloss) * light * (1 - warm) + glare;
    }
  }
  const rgba = new Uint8ClampedArray(width * height * 4);
  const noiseStep = random.int(1, 0x7fff) * 2 + 1;
  const noiseScale = lighting.noise * 255;
  for (let c = 0; c < 3; c++) {
    const channel = channels[c] as Float32Array;
    blur(channel, width, height, lighting.blur * k);
    for (let y = 0; y < height; y++) {
      // A fresh place in the table each row, so the noise does not repeat every 34 rows.
      let noiseAt = random.int(0, 0xffff);
      for (let i = y * width, end = i + width; i < end; i++) {
        noiseAt = (noiseAt + noiseStep) & 0xffff;
        rgba[i * 4 + c] = (channel[i] as number) * 255 + (GAUSSIAN_TABLE[noiseAt] as number) * noiseScale + 0.5;
      }
    }
  }
  for (let i = 0; i < width * height; i++) rgba[i * 4 + 3] = 255;
  return {
    width,
    height,
    rgba,
    label,
    surface,
    tone,
    finish,
    pose,
    fill,
    mask: layers.mask,
    defectBox: boxOfMask(layers.mask, width, height),
    lighting,
    preset,
    seed,
  };
}

function boxOfMask(mask: Uint8Array, width: number, height: number): [number, number, number, number] | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  return x1 < 0 ? null : [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
}
