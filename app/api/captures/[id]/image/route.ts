import { z } from "zod";
import { appCaptureStore } from "@/lib/captures";
import { dataDir } from "@/lib/db/data-dir";
import { db } from "@/lib/db/client";
import { OPERATIONS } from "@/lib/api/operations";
import { forOperation, HttpProblem, notFound } from "@/lib/http";

export const dynamic = "force-dynamic";

const idSchema = z.uuid();

/** A capture's photo, for the people who judge or study it. */
export const GET = forOperation(OPERATIONS.captureImage, async (_request, _user, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  if (!idSchema.safeParse(id).success) throw new HttpProblem(400, "Bad Request", "The capture id is not a UUID.");
  const capture = await db().capture.findUnique({ where: { id }, select: { storageKey: true, mimeType: true } });
  if (!capture) throw notFound(`No capture ${id}.`);
  const bytes = await appCaptureStore(dataDir()).get(capture.storageKey);
  if (!bytes) throw notFound(`The photo of capture ${id} is missing from storage.`);
  return new Response(Buffer.from(bytes), {
    headers: {
      "content-type": capture.mimeType,
      // A capture's photo never changes: its key is its content hash.
      "cache-control": "private, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
    },
  });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
