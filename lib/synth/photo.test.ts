import { describe, expect, it } from "vitest";
import { generatePhoto, SYNTH_DEFECTS } from "./photo.ts";

function mean(rgba: Uint8ClampedArray): number {
  let sum = 0;
  for (let i = 0; i < rgba.length; i += 4) sum += (rgba[i] ?? 0) + (rgba[i + 1] ?? 0) + (rgba[i + 2] ?? 0);
  return sum / ((rgba.length / 4) * 3);
}

describe("generatePhoto", () => {
  it("is deterministic by seed and differs between seeds", () => {
    expect(generatePhoto(42).rgba).toEqual(generatePhoto(42).rgba);
    expect(generatePhoto(42).rgba).not.toEqual(generatePhoto(43).rgba);
  });

  it("draws the defect it is asked for, inside its box and its mask", () => {
    for (const kind of SYNTH_DEFECTS) {
      const photo = generatePhoto(7, { label: kind });
      expect(photo.label).toBe(kind);
      expect(photo.defects).toHaveLength(1);
      expect(photo.defects[0]?.kind).toBe(kind);
      const [x, y, w, h] = photo.defects[0]?.box ?? [0, 0, 0, 0];
      let marked = 0;
      for (let yy = 0; yy < photo.height; yy++) {
        for (let xx = 0; xx < photo.width; xx++) {
          if (!photo.mask[yy * photo.width + xx]) continue;
          marked++;
          expect(xx >= x - 1 && xx <= x + w + 1 && yy >= y - 1 && yy <= y + h + 1).toBe(true);
        }
      }
      expect(marked).toBeGreaterThan(5);
    }
  });

  it("leaves ok units clean", () => {
    const photo = generatePhoto(7, { label: "ok" });
    expect(photo.defects).toEqual([]);
    expect(photo.mask.every((v) => v === 0)).toBe(true);
  });

  it("makes the lighting-shift preset brighter and warmer than the normal line", () => {
    const normal = generatePhoto(11, { label: "ok", preset: "normal" });
    const shifted = generatePhoto(11, { label: "ok", preset: "lighting-shift" });
    expect(shifted.lighting.brightness).toBeGreaterThan(normal.lighting.brightness);
    expect(shifted.lighting.colorTemperature).toBeGreaterThanOrEqual(0.5);
    expect(mean(shifted.rgba)).toBeGreaterThan(mean(normal.rgba));
  });
});
