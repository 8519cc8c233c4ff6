import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { encodePng, ImageTooLargeError, UnreadableImageError } from "./decode.ts";
import { validatePhoto } from "./store-capture.ts";

/** Runs `work` while a 10 ms timer ticks: the longest the thread went without answering, and the memory it grew by. */
async function watched(work: () => Promise<unknown>): Promise<{ longestStallMs: number; grewMiB: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  try {
    await work();
    await new Promise((resolve) => setTimeout(resolve, 30));
  } finally {
    clearInterval(timer);
  }
  return { longestStallMs: longest, grewMiB: (peak - before) / 2 ** 20 };
}

describe("checking an uploaded photo", () => {
  it("decodes a 24-megapixel photo off the request thread, in bounded memory", async () => {
    // The largest photo accepted (6000x4000); decoded on the request thread it stalled every request for about 1.5 s.
    const largest = new Uint8Array(
      await sharp({ create: { width: 6000, height: 4000, channels: 3, background: { r: 40, g: 90, b: 160 } } })
        .png()
        .toBuffer(),
    );
    let photo: Awaited<ReturnType<typeof validatePhoto>> | undefined;
    const { longestStallMs, grewMiB } = await watched(async () => (photo = await validatePhoto(largest)));
    expect(photo).toMatchObject({ type: "image/png", width: 6000, height: 4000 });
    expect(longestStallMs).toBeLessThan(200);
    expect(grewMiB).toBeLessThan(300);
  });

  it("refuses a PNG whose data ends early, and one whose pixels are garbage, as unreadable", async () => {
    const whole = encodePng(64, 64, new Uint8Array(64 * 64 * 4).fill(90));
    await expect(validatePhoto(whole.slice(0, Math.floor(whole.length / 2)))).rejects.toThrow(UnreadableImageError);
    const jpeg = new Uint8Array(
      await sharp({ create: { width: 64, height: 64, channels: 3, background: "#808080" } })
        .jpeg()
        .toBuffer(),
    );
    const garbled = jpeg.slice();
    for (let i = 200; i < garbled.length - 2; i++) garbled[i] = 0xff;
    await expect(validatePhoto(garbled)).rejects.toThrow(UnreadableImageError);
  });

  it("refuses more than 24 million pixels from the header, before decoding anything", async () => {
    const huge = new Uint8Array(
      await sharp({ create: { width: 8192, height: 8192, channels: 3, background: "#000" } })
        .png({ compressionLevel: 9 })
        .toBuffer(),
    );
    const started = performance.now();
    await expect(validatePhoto(huge)).rejects.toThrow(ImageTooLargeError);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
