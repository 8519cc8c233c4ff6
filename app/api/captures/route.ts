import { appCaptureStore, ImageTooLargeError, insertCapture, MAX_PHOTO_BYTES, validatePhoto } from "@/lib/captures";
import { dataDir, isUniqueViolation } from "@/lib/db";
import { OPERATIONS } from "@/lib/api";
import { HttpProblem, operationRoute, readBodyBytes } from "@/lib/http";

export const dynamic = "force-dynamic";

/**
 * A camera posts one photo of a unit: the body is the image itself (PNG or
 * JPEG, judged by its bytes, not its name or content type), authorised by the
 * station's machine token (`Authorization: Bearer ust_...`). `?externalId=`
 * makes the post idempotent: a repeat answers the capture already stored.
 */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(
  OPERATIONS.postCapture,
  async ({ request, db, station, query: { externalId, capturedAt } }) => {
    const bytes = await readBodyBytes(request, MAX_PHOTO_BYTES);
    if (bytes.length === 0) throw new HttpProblem(400, "Bad Request", "The body must be the photo (PNG or JPEG).");
    const photo = await usablePhoto(bytes);
    const stored = { id: true, contentHash: true, capturedAt: true } as const;
    const existing = externalId
      ? await db.capture.findUnique({ where: { stationId_externalId: { stationId: station.id, externalId } }, select: stored })
      : null;
    if (existing) return replayOf(existing, photo.contentHash, station.slug);
    try {
      const at = capturedAt ? new Date(capturedAt) : new Date();
      const { id } = await insertCapture(db, appCaptureStore(dataDir()), { station, photo, capturedAt: at, source: "CAMERA", externalId });
      return Response.json({ capture: { id, station: station.slug, capturedAt: at.toISOString() }, replayed: false }, { status: 201 });
    } catch (error) {
      // Two posts of one externalId at once: the loser answers with the winner's capture.
      if (!externalId || !isUniqueViolation(error)) throw error;
      const winner = await db.capture.findUniqueOrThrow({ where: { stationId_externalId: { stationId: station.id, externalId } }, select: stored });
      return replayOf(winner, photo.contentHash, station.slug);
    }
  },
);

/** The photo's checked bytes: 413 for one too large to decode, 415 for anything but a PNG or JPEG. */
async function usablePhoto(bytes: Uint8Array) {
  try {
    return await validatePhoto(bytes);
  } catch (error) {
    if (error instanceof ImageTooLargeError) throw new HttpProblem(413, "Content Too Large", `Not a usable photo: ${error.message}.`);
    throw new HttpProblem(415, "Unsupported Media Type", `Not a usable photo: ${(error as Error).message}.`);
  }
}

function replayOf(capture: { id: string; contentHash: string; capturedAt: Date }, contentHash: string, slug: string): Response {
  if (capture.contentHash !== contentHash) throw new HttpProblem(409, "Conflict", "This externalId was already used for a different photo.");
  return Response.json({ capture: { id: capture.id, station: slug, capturedAt: capture.capturedAt.toISOString() }, replayed: true }, { status: 200 });
}
