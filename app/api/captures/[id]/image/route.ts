import { OPERATIONS } from "@/lib/api";
import { appCaptureStore, capturePhoto } from "@/lib/captures";
import { dataDir } from "@/lib/db";
import { operationRoute, refusalProblem } from "@/lib/http";

export const dynamic = "force-dynamic";

/** A capture's photo, for the people who judge or study it; its key is its content hash, so it never changes. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.captureImage, async ({ db, params: { id } }) => {
  const photo = await capturePhoto(db, appCaptureStore(dataDir()), id);
  if (!photo.ok) throw refusalProblem(photo);
  const headers = { "content-type": photo.mimeType, "cache-control": "private, max-age=31536000, immutable", "x-content-type-options": "nosniff" };
  return new Response(Buffer.from(photo.bytes), { headers });
});
