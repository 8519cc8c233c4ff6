import { OPERATIONS } from "@/lib/api/operations";
import { recordEscape } from "@/lib/automation/escapes";
import { db } from "@/lib/db/client";
import { forStationReporter, HttpProblem } from "@/lib/http";

export const dynamic = "force-dynamic";

const STATUS = { unit: [404, "Not Found"], undecided: [409, "Conflict"], label: [422, "Unprocessable Content"] } as const;

/**
 * A unit found defective, or good, after the station decided it: posted by
 * an end-of-line rig with the station's token, or by an engineer, manager or
 * admin. The same idempotencyKey again answers the finding already stored;
 * a new one is reviewed as evidence (the escape gate may now fail).
 */
export const POST = forStationReporter(OPERATIONS.recordEscape, async (_request, { station, userId, tokenId }, body) => {
  const result = await recordEscape(db(), station, body, { userId, tokenId });
  if (!result.ok) throw new HttpProblem(STATUS[result.reason][0], STATUS[result.reason][1], result.detail);
  return Response.json({ escape: result.escape, replayed: result.replayed }, { status: result.replayed ? 200 : 201 });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
