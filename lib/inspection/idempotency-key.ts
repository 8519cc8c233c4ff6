import { z } from "zod";

/** The key a client gives each write so that its retries are recognised (verdicts, predictions). */
export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, "use 8-128 letters, digits, - or _");

/**
 * A new key for a write: a UUIDv7 (RFC 9562), the time in milliseconds
 * first, then random bits. Keys made one after another sort side by side,
 * so each write's entry in the unique index lands next to the last one's
 * instead of on a random page of a year of keys. Runs in the browser too.
 */
export function newIdempotencyKey(now = Date.now()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let ms = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The key of a station's prediction of a unit by a model: one per (unit, model), so a retry or a reload sends the same. */
export function predictionIdempotencyKey(captureId: string, modelVersion: string): string {
  return `p-${captureId}-${modelVersion}`.replace(/[^A-Za-z0-9_-]/g, "_");
}
