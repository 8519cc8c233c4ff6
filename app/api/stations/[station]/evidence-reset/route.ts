import { OPERATIONS } from "@/lib/api";
import { resetEvidence } from "@/lib/automation";
import { operationRoute, refusalProblem } from "@/lib/http";

export const dynamic = "force-dynamic";

/** An engineer starts the station's evidence afresh, with why (audited). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.resetEvidence, async ({ db, user, params, body }) => {
  const result = await resetEvidence(db, params.station, user, body.reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ evidenceSince: result.evidenceSince.toISOString() });
});
