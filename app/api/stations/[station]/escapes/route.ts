import { OPERATIONS } from "@/lib/api";
import { recordEscape } from "@/lib/automation";
import { operationRoute, refusalProblem } from "@/lib/http";

export const dynamic = "force-dynamic";

/**
 * A unit found defective, or good, after the station decided it: posted by
 * an end-of-line rig with the station's token, or by an engineer, manager or
 * admin. The same idempotencyKey again answers the finding already stored;
 * a new one is reviewed as evidence (the escape gate may now fail).
 */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(
  OPERATIONS.recordEscape,
  async ({ db, reporter: { station, userId, tokenId }, body }) => {
    const result = await recordEscape(db, station, body, { userId, tokenId });
    if (!result.ok) throw refusalProblem(result);
    return Response.json({ escape: result.escape, replayed: result.replayed }, { status: result.replayed ? 200 : 201 });
  },
);
