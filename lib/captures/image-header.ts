import type { ImageType } from "./decode.ts";

// What an image says about itself before a single pixel is decoded: a PNG's
// IHDR chunk, a JPEG's start-of-frame segment. A decompression bomb is a few
// hundred bytes that declare a huge image; reading the header first refuses
// it in microseconds instead of growing the server by gigabytes.

export interface ImageHeader {
  type: ImageType;
  width: number;
  height: number;
  /** Bits per sample (PNG bit depth, JPEG precision). */
  bitDepth: number;
  /** PNG Adam7 or progressive JPEG: the whole image must sit in memory to decode. */
  isInterlaced: boolean;
}

export class ImageHeaderError extends Error {
  override readonly name = "ImageHeaderError";
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function readPngHeader(bytes: Uint8Array): ImageHeader {
  // Signature (8), IHDR length (4) and type (4), then width, height, depth, colour type, compression, filter, interlace.
  if (bytes.length < 33) throw new ImageHeaderError("PNG too short for its header");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(bytes[12] as number, bytes[13] as number, bytes[14] as number, bytes[15] as number);
  if (type !== "IHDR" || view.getUint32(8) !== 13) throw new ImageHeaderError("PNG does not start with its IHDR header");
  return { type: "image/png", width: view.getUint32(16), height: view.getUint32(20), bitDepth: bytes[24] as number, isInterlaced: bytes[28] === 1 };
}

// Start-of-frame markers that carry the frame's size (not DHT 0xC4, JPG 0xC8, DAC 0xCC).
const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
const PROGRESSIVE = new Set([0xc2, 0xc6, 0xca, 0xce]);

function readJpegHeader(bytes: Uint8Array): ImageHeader {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw new ImageHeaderError("JPEG segments are broken before its frame header");
    const marker = bytes[at + 1] as number;
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    const length = ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number);
    if (length < 2) throw new ImageHeaderError("JPEG segment with an impossible length");
    if (SOF_MARKERS.has(marker)) {
      if (at + 9 > bytes.length) break;
      const precision = bytes[at + 4] as number;
      const height = ((bytes[at + 5] as number) << 8) | (bytes[at + 6] as number);
      const width = ((bytes[at + 7] as number) << 8) | (bytes[at + 8] as number);
      return { type: "image/jpeg", width, height, bitDepth: precision, isInterlaced: PROGRESSIVE.has(marker) };
    }
    if (marker === 0xda || marker === 0xd9) break;
    at += 2 + length;
  }
  throw new ImageHeaderError("JPEG without a frame header");
}

/** The header of a PNG or JPEG (the type already sniffed from its bytes), or why it cannot be read. */
export function readImageHeader(bytes: Uint8Array, type: ImageType): ImageHeader {
  if (type === "image/png") {
    if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) throw new ImageHeaderError("not a PNG");
    return readPngHeader(bytes);
  }
  return readJpegHeader(bytes);
}
