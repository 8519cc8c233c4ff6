import { OPERATIONS } from "@/lib/api";
import { switchModels } from "@/lib/automation";
import { operationRoute, refusalProblem } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Swaps the active and candidate models in one action; the same action switches back. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.switchModels, async ({ db, user, params, body }) => {
  const result = await switchModels(db, params.station, user, body.reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ active: result.active, candidate: result.candidate });
});
