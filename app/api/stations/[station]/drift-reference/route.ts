import { OPERATIONS } from "@/lib/api";
import { setDriftReference } from "@/lib/drift";
import { operationRoute, refusalProblem } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Picks the station's drift reference: a baseline window of its own past predictions, or null for the active model's training statistics. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(
  OPERATIONS.setDriftReference,
  async ({ db, user, params, body: { baseline, reason } }) => {
    const result = await setDriftReference(db, params.station, user, baseline, reason);
    if (!result.ok) throw refusalProblem(result);
    return Response.json({ reference: result.reference, predictions: result.predictions });
  },
);
