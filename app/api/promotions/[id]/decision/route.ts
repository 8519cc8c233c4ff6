import { z } from "zod";
import { decidePromotion, MAY_DECIDE_PROMOTION } from "@/lib/automation";
import { db } from "@/lib/db/client";
import { notFound, parseJsonBody, refusalProblem, withRole } from "@/lib/http";

export const dynamic = "force-dynamic";

const decisionSchema = z
  .object({
    decision: z.enum(["approve", "reject"]),
    reason: z.string().trim().min(3).max(1000),
    overrideReason: z.string().trim().max(1000).nullable().optional(),
  })
  .strict();

/** A manager approves (with an override reason where a gate does not pass) or rejects a promotion request. */
export const POST = withRole<{ params: Promise<{ id: string }> }>(MAY_DECIDE_PROMOTION, async (request, user, { params }) => {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) throw notFound(`No promotion request ${JSON.stringify(id)}.`);
  const input = await parseJsonBody(request, decisionSchema);
  const result = await decidePromotion(db(), id, user, input);
  if (!result.ok) throw refusalProblem(result, result.unmetGates ? { unmetGates: result.unmetGates } : {});
  return Response.json({ status: result.status, level: result.level, canaryShare: result.canaryShare, gates: result.report });
});
