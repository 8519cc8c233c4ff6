import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { readImageHeader, type ImageHeader } from "./image-header.ts";

export type ImageType = "image/png" | "image/jpeg";

export interface DecodedImage {
  type: ImageType;
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** The real type of an image by its first bytes (never by its name), or null. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (
    bytes.length >= 8 &&
    bytes[0] === 0x89 &&
    bytes[1] === 0x50 &&
    bytes[2] === 0x4e &&
    bytes[3] === 0x47 &&
    bytes[4] === 0x0d &&
    bytes[5] === 0x0a &&
    bytes[6] === 0x1a &&
    bytes[7] === 0x0a
  ) {
    return "image/png";
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  return null;
}

export class UnreadableImageError extends Error {
  override readonly name: string = "UnreadableImageError";
}

/**
 * The most pixels a photo may have: a 6000x4000 (24 MP) camera frame. Read
 * from the header before anything is decoded, so a few hundred bytes that
 * declare 30000x30000 are refused in microseconds instead of growing the
 * server by gigabytes; an 8192x8192 photo (67 MP) is refused the same way.
 */
export const MAX_PIXELS = 24_000_000;

export class ImageTooLargeError extends UnreadableImageError {
  override readonly name = "ImageTooLargeError";
}

/** The header of a PNG or JPEG, checked against the pixel limit before any decoding. */
export function checkedImageHeader(bytes: Uint8Array): ImageHeader {
  const type = sniffImageType(bytes);
  if (!type) throw new UnreadableImageError("not a PNG or JPEG image");
  let header: ImageHeader;
  try {
    header = readImageHeader(bytes, type);
  } catch (error) {
    throw new UnreadableImageError(`corrupt ${type === "image/png" ? "PNG" : "JPEG"}: ${(error as Error).message}`);
  }
  if (header.width === 0 || header.height === 0) throw new UnreadableImageError(`the image declares ${header.width}x${header.height} pixels`);
  if (header.width * header.height > MAX_PIXELS) {
    throw new ImageTooLargeError(`the image declares ${header.width}x${header.height} pixels; at most ${MAX_PIXELS / 1e6} million are accepted`);
  }
  return header;
}

/** Decodes a PNG or JPEG into RGBA, or says why it cannot; its header is checked first. */
export function decodeImage(bytes: Uint8Array): DecodedImage {
  const { type } = checkedImageHeader(bytes);
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
