import { appCaptureStore, ImageTooLargeError, insertCapture, MAX_PHOTO_BYTES, validatePhoto } from "@/lib/captures";
import { db, isUniqueViolation } from "@/lib/db/client";
import { dataDir } from "@/lib/db/data-dir";
import { captureQuerySchema, OPERATIONS } from "@/lib/api/operations";
import { describedBy, errorResponse, HttpProblem, readBodyBytes } from "@/lib/http";
import { stationForToken } from "@/lib/tokens";

export const dynamic = "force-dynamic";

/**
 * A camera posts one photo of a unit: the body is the image itself (PNG or
 * JPEG, judged by its bytes, not its name or content type), authorised by the
 * station's machine token (`Authorization: Bearer ust_...`). `?externalId=`
 * makes the post idempotent: a repeat answers the capture already stored.
 */
export const POST = describedBy(OPERATIONS.postCapture, async (request: Request): Promise<Response> => {
  try {
    const station = await stationForToken(db(), request.headers.get("authorization"));
    if (!station) throw new HttpProblem(401, "Unauthorized", "A live station token is required: Authorization: Bearer ust_...");
    const url = new URL(request.url);
    const query = captureQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) throw new HttpProblem(422, "Unprocessable Content", `Bad query: ${query.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ")}`);
    const bytes = await readBodyBytes(request, MAX_PHOTO_BYTES);
    if (bytes.length === 0) throw new HttpProblem(400, "Bad Request", "The body must be the photo (PNG or JPEG).");
    let photo;
    try {
      photo = await validatePhoto(bytes);
    } catch (error) {
      if (error instanceof ImageTooLargeError) throw new HttpProblem(413, "Content Too Large", `Not a usable photo: ${error.message}.`);
      throw new HttpProblem(415, "Unsupported Media Type", `Not a usable photo: ${(error as Error).message}.`);
    }
    const { externalId, capturedAt } = query.data;
    const existing = externalId ? await db().capture.findUnique({ where: { stationId_externalId: { stationId: station.id, externalId } }, select: { id: true, contentHash: true, capturedAt: true } }) : null;
    if (existing) return replayOf(existing, photo.contentHash, station.slug);
    try {
      const store = appCaptureStore(dataDir());
      const at = capturedAt ? new Date(capturedAt) : new Date();
      const { id } = await insertCapture(db(), store, { station, photo, capturedAt: at, source: "CAMERA", externalId });
      return Response.json({ capture: { id, station: station.slug, capturedAt: at.toISOString() }, replayed: false }, { status: 201 });
    } catch (error) {
      // Two posts of one externalId at once: the loser answers with the winner's capture.
      if (externalId && isUniqueViolation(error)) {
        const winner = await db().capture.findUniqueOrThrow({ where: { stationId_externalId: { stationId: station.id, externalId } }, select: { id: true, contentHash: true, capturedAt: true } });
        return replayOf(winner, photo.contentHash, station.slug);
      }
      throw error;
    }
  } catch (error) {
    return errorResponse(request, error);
  }
});

function replayOf(capture: { id: string; contentHash: string; capturedAt: Date }, contentHash: string, slug: string): Response {
  if (capture.contentHash !== contentHash) throw new HttpProblem(409, "Conflict", "This externalId was already used for a different photo.");
  return Response.json({ capture: { id: capture.id, station: slug, capturedAt: capture.capturedAt.toISOString() }, replayed: true }, { status: 200 });
}

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
