import { OPERATIONS } from "@/lib/api";
import { setEscapeGate } from "@/lib/automation";
import { operationRoute, refusalProblem } from "@/lib/http";

export const dynamic = "force-dynamic";

/** A manager requires the escape gate for full automation, or no longer does; audited. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.setEscapeGate, async ({ db, user, params, body }) => {
  const result = await setEscapeGate(db, params.station, user, body.gate, body.reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ gate: result.gate });
});
