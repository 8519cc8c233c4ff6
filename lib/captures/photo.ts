import type { DbOrTx } from "../db/index.ts";
import { refuse, type Refusal } from "../refusals/index.ts";
import type { CaptureStore } from "./storage.ts";

export interface CapturePhoto {
  ok: true;
  bytes: Uint8Array;
  mimeType: string;
}

/**
 * A capture's photo as stored, for the people who judge or study it; or why
 * there is none: no such capture, photo retention removed it (when, and
 * that its verdicts and predictions stay), or the store lost it.
 */
export async function capturePhoto(
  db: DbOrTx,
  store: CaptureStore,
  id: string,
): Promise<CapturePhoto | Refusal<"unknown-capture" | "photo-removed" | "photo-missing">> {
  const capture = await db.capture.findUnique({ where: { id }, select: { storageKey: true, mimeType: true, photoRemovedAt: true } });
  if (!capture) return refuse("not-found", "unknown-capture", `No capture ${id}.`);
  if (capture.photoRemovedAt)
    return refuse(
      "gone",
      "photo-removed",
      `Photo retention removed the photo of capture ${id} on ${capture.photoRemovedAt.toISOString()}; its verdicts and predictions stay.`,
    );
  const bytes = await store.get(capture.storageKey);
  if (!bytes) return refuse("not-found", "photo-missing", `The photo of capture ${id} is missing from storage.`);
  return { ok: true, bytes, mimeType: capture.mimeType };
}
