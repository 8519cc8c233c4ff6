import { OPERATIONS } from "@/lib/api";
import { operationRoute, refusalProblem } from "@/lib/http";
import { cancelTrainingRun } from "@/lib/model";

export const dynamic = "force-dynamic";

/** Cancels a queued run at once, a running one at its next batch. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.cancelTrainingRun, async ({ db, user, params }) => {
  const result = await cancelTrainingRun(db, params.id, user);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ status: result.status });
});
