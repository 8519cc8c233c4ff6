import { OPERATIONS } from "@/lib/api";
import { setBlindShare } from "@/lib/automation";
import { operationRoute, refusalProblem } from "@/lib/http";

export const dynamic = "force-dynamic";

/** A manager sets the share of units judged without the model's suggestion at AI assistance (audited). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.setBlindShare, async ({ db, user, params, body }) => {
  const result = await setBlindShare(db, params.station, user, body.share, body.reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ blindShare: result.blindShare });
});
