import { OPERATIONS } from "@/lib/api";
import { demoteStation } from "@/lib/automation";
import { operationRoute, refusalProblem } from "@/lib/http";

export const dynamic = "force-dynamic";

/** A manager moves a station one level down at once (a canary rolls back to where it began). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.demoteStation, async ({ db, user, params: { station }, body }) => {
  const result = await demoteStation(db, station, { kind: "USER", id: user.id }, body.reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ station, from: result.from, to: result.to });
});
