import { OPERATIONS } from "@/lib/api";
import { setCandidateModel } from "@/lib/automation";
import { operationRoute, refusalProblem } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Sets the station's candidate (green) model, which then predicts beside the active one; null clears it. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.setCandidate, async ({ db, user, params, body }) => {
  const result = await setCandidateModel(db, params.station, user, body.version, body.reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ active: result.active, candidate: result.candidate });
});
