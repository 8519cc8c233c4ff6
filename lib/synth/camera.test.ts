import { describe, expect, it } from "vitest";
import { CAMERA_DEFECT_KINDS, CAMERA_HEIGHT, CAMERA_WIDTH, generateCameraPhoto } from "./camera.ts";

function meanLuminance(rgba: Uint8ClampedArray): number {
  let sum = 0;
  for (let i = 0; i < rgba.length; i += 4) sum += 0.299 * (rgba[i] ?? 0) + 0.587 * (rgba[i + 1] ?? 0) + 0.114 * (rgba[i + 2] ?? 0);
  return sum / (rgba.length / 4);
}

// Half-size frames keep the suite fast; defects and the phone scale with the width.
const small = { width: 960, height: 540 } as const;

describe("generateCameraPhoto", () => {
  it("makes a 1920x1080 photo, the same for a seed and different for another", () => {
    const photo = generateCameraPhoto(5, { label: "scratch" });
    expect([photo.width, photo.height, photo.rgba.length]).toEqual([CAMERA_WIDTH, CAMERA_HEIGHT, CAMERA_WIDTH * CAMERA_HEIGHT * 4]);
    const bytes = (seed: number) => Buffer.from(generateCameraPhoto(seed, { ...small, label: "scratch" }).rgba.buffer);
    expect(bytes(5).equals(bytes(5))).toBe(true);
    expect(bytes(5).equals(bytes(6))).toBe(false);
  });

  it("puts the phone in the frame, filling 25-70% of it at a varying pose", () => {
    const photos = Array.from({ length: 30 }, (_, seed) => generateCameraPhoto(seed, { ...small, label: "ok" }));
    for (const { fill, pose } of photos) {
      expect(fill).toBeGreaterThanOrEqual(0.25);
      expect(fill).toBeLessThanOrEqual(0.7);
      expect(pose.cx).toBeGreaterThan(0);
      expect(pose.cx).toBeLessThan(small.width);
    }
    const angles = photos.map((p) => p.pose.angle);
    expect(Math.max(...angles) - Math.min(...angles)).toBeGreaterThan(0.1);
    expect(new Set(photos.map((p) => p.tone)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(photos.map((p) => p.finish))).toEqual(new Set(["glossy", "matte"]));
  });

  it("draws every defect class on the phone, marked in the mask and its box", () => {
    for (const kind of CAMERA_DEFECT_KINDS) {
      const photo = generateCameraPhoto(11, { ...small, label: kind });
      expect(photo.label).toBe(kind);
      const [x, y, w, h] = photo.defectBox ?? [0, 0, 0, 0];
      let marked = 0;
      for (let yy = 0; yy < photo.height; yy++) {
        for (let xx = 0; xx < photo.width; xx++) {
          if (!photo.mask[yy * photo.width + xx]) continue;
          marked++;
          expect(xx >= x && xx < x + w && yy >= y && yy < y + h).toBe(true);
        }
      }
      expect(marked, kind).toBeGreaterThan(4);
    }
  });

  it("draws hairline scratches about 1-3 pixels wide at camera resolution", () => {
    for (let seed = 0; seed < 5; seed++) {
      const photo = generateCameraPhoto(seed, { label: "scratch" });
      const [, , w, h] = photo.defectBox ?? [0, 0, 0, 0];
      const marked = photo.mask.reduce((sum, v) => sum + v, 0);
      // The mask's area over the line's extent is its thickness (up to 1.4 times more for a diagonal line).
      const thickness = marked / Math.max(w, h);
      expect(thickness).toBeGreaterThan(0.5);
      expect(thickness).toBeLessThan(4.5);
    }
  });

  it("leaves ok units without a defect, though they may have dust and highlights", () => {
    const photo = generateCameraPhoto(3, { ...small, label: "ok" });
    expect(photo.defectBox).toBeNull();
    expect(photo.mask.every((v) => v === 0)).toBe(true);
  });

  it("draws from the colours it is given, and the lighting shift is brighter", () => {
    const red = generateCameraPhoto(9, { ...small, label: "ok", surface: "back-glass", tones: ["red"] });
    expect(red.tone).toBe("red");
    const normal = generateCameraPhoto(9, { ...small, label: "ok", preset: "normal" });
    const shifted = generateCameraPhoto(9, { ...small, label: "ok", preset: "lighting-shift" });
    expect(meanLuminance(shifted.rgba)).toBeGreaterThan(meanLuminance(normal.rgba));
  });
});
