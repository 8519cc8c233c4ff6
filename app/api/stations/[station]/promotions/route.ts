import { z } from "zod";
import { LEVELS, MAY_REQUEST_PROMOTION, requestPromotion } from "@/lib/automation";
import { db } from "@/lib/db/client";
import { parseJsonBody, refusalProblem, withRole } from "@/lib/http";

export const dynamic = "force-dynamic";

const promotionSchema = z
  .object({
    toLevel: z.enum(LEVELS),
    reason: z.string().trim().min(3).max(1000),
    /** Shares of units, widening to 1, e.g. [0.1, 0.5, 1]; null for every unit at once. */
    canarySteps: z.array(z.number()).max(10).nullable().default(null),
  })
  .strict();

/** An engineer or manager asks for a station to move up; the gates are evaluated and kept with the request. */
export const POST = withRole<{ params: Promise<{ station: string }> }>(MAY_REQUEST_PROMOTION, async (request, user, { params }) => {
  const { station } = await params;
  const input = await parseJsonBody(request, promotionSchema);
  const result = await requestPromotion(db(), station, user, input);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ requestId: result.requestId, gates: result.report }, { status: 201 });
});
