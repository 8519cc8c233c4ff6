import { afterAll, describe, expect, it } from "vitest";
import type { CameraPhoto, PresetName } from "../../synth/index.ts";
import { cameraCrops, cameraFrameOf, cameraPhotoAt, type CameraFrame, cropsOfFrames } from "./camera-data.ts";
import { CameraFramePool } from "./camera-frames.ts";

async function all(frames: AsyncIterable<CameraFrame>): Promise<CameraFrame[]> {
  const out: CameraFrame[] = [];
  for await (const frame of frames) out.push(frame);
  return out;
}

describe("CameraFramePool", { timeout: 60_000 }, () => {
  const pool = new CameraFramePool(2);
  afterAll(() => pool.close());

  it("makes on its threads, in order, the frames the trainer would make itself", async () => {
    const made = await all(pool.frames(31, 5, { preset: "lighting-shift" }, 2));
    expect(made).toHaveLength(5);
    made.forEach((camera, index) => {
      const here = cameraFrameOf(cameraPhotoAt(31, index, { preset: "lighting-shift" }));
      expect(camera.label).toBe(here.label);
      expect(camera.defectBox).toEqual(here.defectBox);
      expect(camera.pose).toEqual(here.pose);
      expect(camera.scale).toBe(here.scale);
      expect(camera.frame.statistics).toEqual(here.frame.statistics);
      expect([camera.frame.width, camera.frame.height]).toEqual([here.frame.width, here.frame.height]);
      expect(Buffer.from(camera.frame.input.buffer).equals(Buffer.from(here.frame.input.buffer))).toBe(true);
      expect(camera.mask && Buffer.from(camera.mask).equals(Buffer.from(here.mask ?? []))).toBe(here.mask ? true : null);
    });
  });

  it("makes whole photos too, the ones the set's generator makes", async () => {
    const photos: CameraPhoto[] = [];
    for await (const photo of pool.photos(77, 3, {}, 1)) photos.push(photo);
    photos.forEach((photo, index) => {
      const here = cameraPhotoAt(77, index);
      expect([photo.label, photo.width, photo.height, photo.defectBox]).toEqual([here.label, here.width, here.height, here.defectBox]);
      expect(Buffer.from(photo.rgba.buffer).equals(Buffer.from(here.rgba.buffer))).toBe(true);
      expect(Buffer.from(photo.mask.buffer).equals(Buffer.from(here.mask.buffer))).toBe(true);
    });
  });

  it("gives the crops cameraCrops gives", async () => {
    const crops = await cropsOfFrames(pool.frames(9, 4), 9);
    const here = [...cameraCrops(9, 4)];
    expect(crops.map((crop) => crop.label)).toEqual(here.map((crop) => crop.label));
    expect(crops.map((crop) => Array.from(crop.input.subarray(0, 64)))).toEqual(here.map((crop) => Array.from(crop.input.subarray(0, 64))));
    expect(crops.map((crop) => Array.from(crop.defectPatches ?? []))).toEqual(here.map((crop) => Array.from(crop.defectPatches ?? [])));
  });

  it("makes a stream's frames before they are read", async () => {
    const frames = pool.frames(12, 2);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const started = Date.now();
    expect(await all(frames)).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(100);
  });

  it("fails the read of a photo it cannot make, with the worker's reason", async () => {
    await expect(all(pool.frames(1, 1, { preset: "nowhere" as PresetName }))).rejects.toThrow(/camera frame 1\/0/);
    expect(await all(pool.frames(2, 1))).toHaveLength(1);
  });

  it("fails reads once closed instead of leaving them waiting", async () => {
    const closing = new CameraFramePool(1);
    const frames = pool.frames(3, 1);
    const unread = closing.frames(5, 3);
    await closing.close();
    await expect(all(unread)).rejects.toThrow(/closed/);
    expect(await all(frames)).toHaveLength(1);
  });
});
