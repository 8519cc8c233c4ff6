import { OPERATIONS } from "@/lib/api";
import { decidePromotion } from "@/lib/automation";
import { operationRoute, refusalProblem } from "@/lib/http";

export const dynamic = "force-dynamic";

/** A manager approves (with an override reason where a gate does not pass) or rejects a promotion request. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.decidePromotion, async ({ db, user, params: { id }, body }) => {
  const result = await decidePromotion(db, id, user, body);
  if (!result.ok) throw refusalProblem(result, result.unmetGates ? { unmetGates: result.unmetGates } : {});
  return Response.json({ status: result.status, level: result.level, canaryShare: result.canaryShare, gates: result.report });
});
