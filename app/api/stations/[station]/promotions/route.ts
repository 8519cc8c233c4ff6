import { OPERATIONS } from "@/lib/api";
import { requestPromotion } from "@/lib/automation";
import { operationRoute, refusalProblem } from "@/lib/http";

export const dynamic = "force-dynamic";

/** An engineer or manager asks for a station to move up; the gates are evaluated and kept with the request. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.requestPromotion, async ({ db, user, params, body }) => {
  const result = await requestPromotion(db, params.station, user, body);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ requestId: result.requestId, gates: result.report }, { status: 201 });
});
