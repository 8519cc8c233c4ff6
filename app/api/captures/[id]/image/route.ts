import { z } from "zod";
import { OPERATIONS } from "@/lib/api/operations";
import { appCaptureStore } from "@/lib/captures";
import { dataDir } from "@/lib/db/data-dir";
import { HttpProblem, notFound, operationRoute } from "@/lib/http";

export const dynamic = "force-dynamic";

/** A capture's photo, for the people who judge or study it; its key is its content hash, so it never changes. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.captureImage, async ({ db, params: { id } }) => {
  if (!z.uuid().safeParse(id).success) throw new HttpProblem(400, "Bad Request", "The capture id is not a UUID.");
  const capture = await db.capture.findUnique({ where: { id }, select: { storageKey: true, mimeType: true, photoRemovedAt: true } });
  if (!capture) throw notFound(`No capture ${id}.`);
  if (capture.photoRemovedAt)
    throw new HttpProblem(
      410,
      "Gone",
      `Photo retention removed the photo of capture ${id} on ${capture.photoRemovedAt.toISOString()}; its verdicts and predictions stay.`,
    );
  const bytes = await appCaptureStore(dataDir()).get(capture.storageKey);
  if (!bytes) throw notFound(`The photo of capture ${id} is missing from storage.`);
  const headers = { "content-type": capture.mimeType, "cache-control": "private, max-age=31536000, immutable", "x-content-type-options": "nosniff" };
  return new Response(Buffer.from(bytes), { headers });
});
