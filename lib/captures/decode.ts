import jpeg from "jpeg-js";
import { PNG } from "pngjs";

export type ImageType = "image/png" | "image/jpeg";

export interface DecodedImage {
  type: ImageType;
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** The real type of an image by its first bytes (never by its name), or null. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47 && bytes[4] === 0x0d && bytes[5] === 0x0a && bytes[6] === 0x1a && bytes[7] === 0x0a) {
    return "image/png";
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  return null;
}

export class UnreadableImageError extends Error {
  override readonly name = "UnreadableImageError";
}

// Far above any inspection photo; stops a crafted header from asking for gigabytes.
const MAX_PIXELS = 40_000_000;

/** Decodes a PNG or JPEG into RGBA, or says why it cannot. */
export function decodeImage(bytes: Uint8Array): DecodedImage {
  const type = sniffImageType(bytes);
  if (!type) throw new UnreadableImageError("not a PNG or JPEG image");
  try {
    if (type === "image/png") {
      const png = PNG.sync.read(Buffer.from(bytes));
      if (png.width * png.height > MAX_PIXELS) throw new UnreadableImageError("image too large");
      return { type, width: png.width, height: png.height, rgba: new Uint8Array(png.data) };
    }
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 512 });
    return { type, width: image.width, height: image.height, rgba: image.data };
  } catch (error) {
    if (error instanceof UnreadableImageError) throw error;
    throw new UnreadableImageError(`corrupt ${type === "image/png" ? "PNG" : "JPEG"}: ${(error as Error).message}`);
  }
}

/** Encodes RGBA pixels as PNG (synthetic photos, tests). */
export function encodePng(width: number, height: number, rgba: Uint8Array | Uint8ClampedArray): Uint8Array {
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  return new Uint8Array(PNG.sync.write(png));
}
