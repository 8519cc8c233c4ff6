import crypto from "node:crypto";
import type { DbOrTx } from "../db/client.ts";
import type { CaptureSource } from "../generated/prisma/enums.ts";
import { checkedImageHeader, decodeImage, type ImageType } from "./decode.ts";
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

/**
 * Checks a photo by its real content (type, size, dimensions) and hashes it;
 * throws with a reason (ImageTooLargeError past the pixel limit, read from the
 * header before decoding).
 */
export function validatePhoto(bytes: Uint8Array): ValidatedPhoto {
  if (bytes.length > MAX_PHOTO_BYTES) throw new Error(`the photo is larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MiB`);
  const header = checkedImageHeader(bytes);
  if (Math.min(header.width, header.height) < MIN_PHOTO_SIDE || Math.max(header.width, header.height) > MAX_PHOTO_SIDE) {
    throw new Error(`the photo is ${header.width}x${header.height}; sides must be ${MIN_PHOTO_SIDE} to ${MAX_PHOTO_SIDE} pixels`);
  }
  const image = decodeImage(bytes);
  if (Math.min(image.width, image.height) < MIN_PHOTO_SIDE || Math.max(image.width, image.height) > MAX_PHOTO_SIDE) {
    throw new Error(`the photo is ${image.width}x${image.height}; sides must be ${MIN_PHOTO_SIDE} to ${MAX_PHOTO_SIDE} pixels`);
  }
  return { bytes, type: image.type, width: image.width, height: image.height, contentHash: crypto.createHash("sha256").update(bytes).digest("hex") };
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
