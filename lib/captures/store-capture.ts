import crypto from "node:crypto";
import sharp from "sharp";
import type { DbOrTx } from "../db/index.ts";
import type { CaptureSource } from "../generated/prisma/enums.ts";
import { checkedImageHeader, MAX_PIXELS, UnreadableImageError, type ImageType } from "./decode.ts";
import type { CaptureStore } from "./storage.ts";

export interface ValidatedPhoto {
  bytes: Uint8Array;
  type: ImageType;
  width: number;
  height: number;
  contentHash: string;
}

export const MAX_PHOTO_BYTES = 15 * 1024 * 1024;
export const MIN_PHOTO_SIDE = 32;
export const MAX_PHOTO_SIDE = 8192;

// Decoded images are not cached: each upload's memory is given back when it is checked.
sharp.cache(false);

/** The side a photo is decoded down to when it is checked: enough to read every pixel row, little to hold. */
const CHECK_SIDE = 256;

/**
 * Checks a photo by its real content (type, size, dimensions) and hashes it;
 * throws with a reason (ImageTooLargeError past the pixel limit, read from the
 * header before decoding). The whole image is then decoded to prove it is
 * one, by libvips (sharp) on its own threads, a strip at a time and shrunk as
 * it goes: the request thread only waits, so other requests are answered
 * meanwhile, and a 24-megapixel photo never sits in memory whole.
 */
export async function validatePhoto(bytes: Uint8Array): Promise<ValidatedPhoto> {
  if (bytes.length > MAX_PHOTO_BYTES) throw new Error(`the photo is larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MiB`);
  const header = checkedImageHeader(bytes);
  if (Math.min(header.width, header.height) < MIN_PHOTO_SIDE || Math.max(header.width, header.height) > MAX_PHOTO_SIDE) {
    throw new Error(`the photo is ${header.width}x${header.height}; sides must be ${MIN_PHOTO_SIDE} to ${MAX_PHOTO_SIDE} pixels`);
  }
  try {
    await sharp(bytes, { limitInputPixels: MAX_PIXELS, sequentialRead: true, failOn: "warning" })
      .resize(CHECK_SIDE, CHECK_SIDE, { fit: "inside", withoutEnlargement: true })
      .raw()
      .toBuffer();
  } catch (error) {
    throw new UnreadableImageError(`corrupt ${header.type === "image/png" ? "PNG" : "JPEG"}: ${(error as Error).message.split("\n")[0]}`);
  }
  return { bytes, type: header.type, width: header.width, height: header.height, contentHash: crypto.createHash("sha256").update(bytes).digest("hex") };
}

export function storageKeyFor(stationSlug: string, photo: ValidatedPhoto, capturedAt: Date): string {
  const day = capturedAt.toISOString().slice(0, 10);
  return `${stationSlug}/${day}/${photo.contentHash}.${photo.type === "image/png" ? "png" : "jpg"}`;
}

export interface NewCapture {
  station: { id: string; slug: string };
  photo: ValidatedPhoto;
  capturedAt: Date;
  source: CaptureSource;
  externalId?: string;
  metadata?: Record<string, unknown>;
}

/** Puts the photo's bytes in the store (idempotent by content) and returns the row to insert. */
export async function putCapturePhoto(store: CaptureStore, capture: NewCapture) {
  const storageKey = storageKeyFor(capture.station.slug, capture.photo, capture.capturedAt);
  await store.put(storageKey, capture.photo.bytes, capture.photo.type);
  return {
    stationId: capture.station.id,
    externalId: capture.externalId ?? null,
    source: capture.source,
    capturedAt: capture.capturedAt,
    storageKey,
    contentHash: capture.photo.contentHash,
    mimeType: capture.photo.type,
    width: capture.photo.width,
    height: capture.photo.height,
    metadata: (capture.metadata ?? {}) as object,
  };
}

export async function insertCapture(db: DbOrTx, store: CaptureStore, capture: NewCapture): Promise<{ id: string }> {
  const data = await putCapturePhoto(store, capture);
  return db.capture.create({ data, select: { id: true } });
}
