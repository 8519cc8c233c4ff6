import { type LightingRanges, PRESETS, type PresetName } from "./presets.ts";
import { Random } from "./random.ts";

export const SYNTH_DEFECTS = ["scratch", "crack", "dent"] as const;
export type SynthDefect = (typeof SYNTH_DEFECTS)[number];
export type SynthLabel = "ok" | SynthDefect;

export interface Lighting {
  brightness: number;
  colorTemperature: number;
  gradient: number;
  gradientAngle: number;
  glare: number;
  glareX: number;
  glareY: number;
  noise: number;
  blur: number;
}

export interface DefectInstance {
  kind: SynthDefect;
  /** Bounding box in pixels: x, y, width, height. */
  box: [number, number, number, number];
}

export interface SynthPhoto {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel, as a canvas ImageData holds it. */
  rgba: Uint8ClampedArray;
  label: SynthLabel;
  surface: "back-glass" | "screen";
  defects: DefectInstance[];
  /** 1 where a defect was drawn. */
  mask: Uint8Array;
  lighting: Lighting;
  preset: PresetName;
  seed: number;
}

export const PHOTO_SIZE = 192;

const BACK_GLASS_TONES: [number, number, number][] = [
  [0.12, 0.12, 0.13], // graphite
  [0.82, 0.82, 0.8], // silver
  [0.2, 0.3, 0.48], // blue
  [0.78, 0.68, 0.52], // gold
  [0.45, 0.55, 0.45], // green
];

interface Canvas {
  size: number;
  /** Luminance-like surface relief added to every channel. */
  relief: Float32Array;
  mask: Uint8Array;
  inside: (x: number, y: number) => boolean;
}

/** Adds a soft disc of `amount` at (cx, cy) with radius `r`, inside the phone only. */
function splat(canvas: Canvas, cx: number, cy: number, r: number, amount: number): void {
  const reach = Math.ceil(r * 2 + 1);
  for (let y = Math.max(0, Math.floor(cy - reach)); y <= Math.min(canvas.size - 1, Math.ceil(cy + reach)); y++) {
    for (let x = Math.max(0, Math.floor(cx - reach)); x <= Math.min(canvas.size - 1, Math.ceil(cx + reach)); x++) {
      if (!canvas.inside(x, y)) continue;
      const d2 = (x - cx) ** 2 + (y - cy) ** 2;
      const weight = Math.exp(-d2 / (2 * r * r));
      if (weight < 0.05) continue;
      const i = y * canvas.size + x;
      // Overlapping splats along a stroke must not pile up: keep the strongest.
      const value = amount * weight;
      if (Math.abs(value) > Math.abs(canvas.relief[i] ?? 0)) canvas.relief[i] = value;
      if (weight > 0.3) canvas.mask[i] = 1;
    }
  }
}

function strokePath(canvas: Canvas, points: [number, number][], width: number, amount: number): void {
  for (let k = 1; k < points.length; k++) {
    const [x0, y0] = points[k - 1] as [number, number];
    const [x1, y1] = points[k] as [number, number];
    const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 0.5));
    for (let s = 0; s <= steps; s++) splat(canvas, x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps, width / 2, amount);
  }
}

function boxOf(points: [number, number][], pad: number): [number, number, number, number] {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x = Math.max(0, Math.floor(Math.min(...xs) - pad));
  const y = Math.max(0, Math.floor(Math.min(...ys) - pad));
  return [x, y, Math.ceil(Math.max(...xs) + pad) - x, Math.ceil(Math.max(...ys) + pad) - y];
}

function drawScratch(canvas: Canvas, random: Random, phone: Rect): DefectInstance {
  const length = random.between(28, 95);
  const angle = random.between(0, Math.PI);
  const cx = random.between(phone.x + 18, phone.x + phone.w - 18);
  const cy = random.between(phone.y + 18, phone.y + phone.h - 18);
  const bend = random.chance(0.5) ? random.between(-0.35, 0.35) * length : 0;
  const points: [number, number][] = [];
  for (let t = 0; t <= 1.0001; t += 0.05) {
    const along = (t - 0.5) * length;
    const across = bend * (1 - (2 * t - 1) ** 2);
    points.push([cx + Math.cos(angle) * along - Math.sin(angle) * across, cy + Math.sin(angle) * along + Math.cos(angle) * across]);
  }
  // Scratches catch the light: mostly brighter than the glass, sometimes darker.
  const contrast = random.between(0.2, 0.5) * (random.chance(0.8) ? 1 : -1);
  strokePath(canvas, points, random.between(2.2, 3.6), contrast);
  return { kind: "scratch", box: boxOf(points, 3) };
}

function drawCrack(canvas: Canvas, random: Random, phone: Rect): DefectInstance {
  const all: [number, number][] = [];
  const grow = (x: number, y: number, angle: number, length: number, depth: number) => {
    const points: [number, number][] = [[x, y]];
    let a = angle;
    for (let travelled = 0; travelled < length; travelled += 3) {
      a += random.between(-0.45, 0.45);
      x += Math.cos(a) * 3;
      y += Math.sin(a) * 3;
      if (!canvas.inside(Math.round(x), Math.round(y))) break;
      points.push([x, y]);
      if (depth < 2 && random.chance(0.09)) grow(x, y, a + random.pick([-1, 1]) * random.between(0.5, 1.1), length * random.between(0.3, 0.6), depth + 1);
    }
    // A crack is a dark fissure with a bright edge where the glass lifts.
    strokePath(canvas, points, random.between(2.0, 3.0), -random.between(0.35, 0.6));
    all.push(...points);
  };
  const x = random.between(phone.x + 15, phone.x + phone.w - 15);
  const y = random.between(phone.y + 15, phone.y + phone.h - 15);
  const angle = random.between(0, 2 * Math.PI);
  const length = random.between(45, 90);
  grow(x, y, angle, length / 2, 0);
  grow(x, y, angle + Math.PI + random.between(-0.4, 0.4), length / 2, 0);
  for (let b = random.int(1, 3); b > 0; b--) grow(x, y, random.between(0, 2 * Math.PI), length * random.between(0.25, 0.5), 1);
  return { kind: "crack", box: boxOf(all, 3) };
}

function drawDents(canvas: Canvas, random: Random, phone: Rect): DefectInstance {
  const centers: [number, number][] = [];
  const count = random.int(1, 3);
  const cx = random.between(phone.x + 20, phone.x + phone.w - 20);
  const cy = random.between(phone.y + 20, phone.y + phone.h - 20);
  for (let k = 0; k < count; k++) {
    const x = cx + (k === 0 ? 0 : random.between(-14, 14));
    const y = cy + (k === 0 ? 0 : random.between(-14, 14));
    const r = random.between(3.5, 7.5);
    const light = random.between(0, 2 * Math.PI);
    const depth = random.between(0.3, 0.55);
    // A dimple: lit on the side facing the lamp, shadowed on the other.
    for (let yy = Math.floor(y - 2 * r); yy <= Math.ceil(y + 2 * r); yy++) {
      for (let xx = Math.floor(x - 2 * r); xx <= Math.ceil(x + 2 * r); xx++) {
        if (xx < 0 || yy < 0 || xx >= canvas.size || yy >= canvas.size || !canvas.inside(xx, yy)) continue;
        const dx = (xx - x) / r;
        const dy = (yy - y) / r;
        const d2 = dx * dx + dy * dy;
        if (d2 > 4) continue;
        const shade = (dx * Math.cos(light) + dy * Math.sin(light)) * Math.exp(-d2) * depth - 0.12 * Math.exp(-d2 * 2);
        const i = yy * canvas.size + xx;
        canvas.relief[i] = (canvas.relief[i] ?? 0) + shade;
        if (d2 < 1) canvas.mask[i] = 1;
      }
    }
    centers.push([x - r, y - r], [x + r, y + r]);
  }
  return { kind: "dent", box: boxOf(centers, 2) };
}

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A photo's lighting, drawn from its preset's ranges (the same draws, in the same order, for every kind of photo). */
export function drawLighting(random: Random, ranges: LightingRanges): Lighting {
  const hasGlare = random.chance(ranges.glareProbability);
  return {
    brightness: random.between(...ranges.brightness),
    colorTemperature: random.between(...ranges.colorTemperature),
    gradient: random.between(...ranges.gradient),
    gradientAngle: random.between(0, 2 * Math.PI),
    glare: hasGlare ? random.between(...ranges.glare) : 0,
    glareX: random.between(0.2, 0.8),
    glareY: random.between(0.2, 0.8),
    noise: random.between(...ranges.noise),
    blur: random.between(...ranges.blur),
  };
}

function blurInPlace(channel: Float32Array, size: number, radius: number): void {
  if (radius < 0.15) return;
  // A 3-tap kernel whose side weight grows with the radius: enough for slight defocus.
  const side = Math.min(0.33, radius * 0.33);
  const centre = 1 - 2 * side;
  const tmp = new Float32Array(channel.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      tmp[i] = centre * (channel[i] ?? 0) + side * ((channel[x > 0 ? i - 1 : i] ?? 0) + (channel[x < size - 1 ? i + 1 : i] ?? 0));
    }
  }
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      channel[i] = centre * (tmp[i] ?? 0) + side * ((tmp[y > 0 ? i - size : i] ?? 0) + (tmp[y < size - 1 ? i + size : i] ?? 0));
    }
  }
}

export interface PhotoOptions {
  preset?: PresetName;
  /** The unit's truth; drawn at random (40% ok, 20% each defect) when omitted. */
  label?: SynthLabel;
  size?: number;
  /** What the station photographs; drawn at random (60% back glass) when omitted. */
  surface?: "back-glass" | "screen";
}

/**
 * A photo of one phone on the inspection fixture: back glass or screen, with
 * the lighting of the preset and at most one kind of defect. Deterministic by seed.
 */
export function generatePhoto(seed: number, options: PhotoOptions = {}): SynthPhoto {
  const size = options.size ?? PHOTO_SIZE;
  const preset = options.preset ?? "normal";
  const random = new Random(seed);
  const label: SynthLabel = options.label ?? (random.chance(0.4) ? "ok" : random.pick(SYNTH_DEFECTS));
  // Drawn even when given, so a given surface leaves the rest of the photo as it would be.
  const drawnSurface = random.chance(0.6) ? "back-glass" : "screen";
  const surface = options.surface ?? drawnSurface;
  const scale = size / PHOTO_SIZE;

  // The phone sits on a dark fixture, slightly off-centre, with rounded corners.
  const phone: Rect = {
    x: (18 + random.between(-5, 5)) * scale,
    y: (10 + random.between(-4, 4)) * scale,
    w: (156 + random.between(-6, 6)) * scale,
    h: (172 + random.between(-4, 4)) * scale,
  };
  const corner = 18 * scale;
  const inside = (x: number, y: number) => {
    const dx = Math.max(phone.x + corner - x, 0, x - (phone.x + phone.w - corner));
    const dy = Math.max(phone.y + corner - y, 0, y - (phone.y + phone.h - corner));
    return x >= phone.x && x < phone.x + phone.w && y >= phone.y && y < phone.y + phone.h && dx * dx + dy * dy <= corner * corner;
  };
  const canvas: Canvas = { size, relief: new Float32Array(size * size), mask: new Uint8Array(size * size), inside };

  const tone: [number, number, number] = surface === "screen" ? [0.06, 0.07, 0.08] : random.pick(BACK_GLASS_TONES);
  const tint = random.between(-0.03, 0.03);
  const camera = { x: phone.x + 28 * scale, y: phone.y + 28 * scale, r: random.between(13, 17) * scale };

  const defects: DefectInstance[] = [];
  if (label !== "ok") {
    // Scale the drawing, not the rules: defects are drawn on a 192-pixel grid.
    const draw = label === "scratch" ? drawScratch : label === "crack" ? drawCrack : drawDents;
    const defect = draw(canvas, random, phone);
    defects.push(defect);
  }

  const lighting = drawLighting(random, PRESETS[preset]);
  const channels = [new Float32Array(size * size), new Float32Array(size * size), new Float32Array(size * size)] as const;
  const gx = Math.cos(lighting.gradientAngle);
  const gy = Math.sin(lighting.gradientAngle);
  const warm = lighting.colorTemperature * 0.12;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      let base: [number, number, number];
      if (!inside(x, y)) {
        base = [0.16, 0.17, 0.18]; // fixture
      } else if (surface === "back-glass" && (x - camera.x) ** 2 + (y - camera.y) ** 2 < camera.r ** 2) {
        base = [0.05, 0.05, 0.06]; // camera island
      } else if (surface === "screen" && y < phone.y + 12 * scale && Math.abs(x - (phone.x + phone.w / 2)) < 18 * scale) {
        base = [0.02, 0.02, 0.02]; // notch
      } else {
        base = [tone[0] + tint, tone[1] + tint, tone[2] + tint];
      }
      const u = x / size - 0.5;
      const v = y / size - 0.5;
      const fall = 1 + lighting.gradient * 2 * (u * gx + v * gy);
      const glare = lighting.glare * Math.exp(-((x / size - lighting.glareX) ** 2 + (y / size - lighting.glareY) ** 2) / 0.02);
      const relief = canvas.relief[i] ?? 0;
      const light = lighting.brightness * fall;
      channels[0][i] = (base[0] + relief) * light * (1 + warm) + glare;
      channels[1][i] = (base[1] + relief) * light + glare;
      channels[2][i] = (base[2] + relief) * light * (1 - warm) + glare;
    }
  }
  const rgba = new Uint8ClampedArray(size * size * 4);
  for (const [c, channel] of channels.entries()) {
    blurInPlace(channel, size, lighting.blur * scale);
    for (let i = 0; i < size * size; i++) {
      rgba[i * 4 + c] = Math.round(((channel[i] ?? 0) + random.gaussian() * lighting.noise) * 255);
    }
  }
  for (let i = 0; i < size * size; i++) rgba[i * 4 + 3] = 255;
  return { width: size, height: size, rgba, label, surface, defects, mask: canvas.mask, lighting, preset, seed };
}
