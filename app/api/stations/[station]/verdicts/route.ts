import { OPERATIONS } from "@/lib/api";
import { operationRoute, refusalProblem } from "@/lib/http";
import { recordVerdict } from "@/lib/inspection";

export const dynamic = "force-dynamic";

/** Records the calling inspector's verdict on a unit, exactly once per idempotency key. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.recordVerdict, async ({ db, user, params, body }) => {
  const result = await recordVerdict(db, params.station, user.id, body);
  if (!result.ok) throw refusalProblem(result.refusal);
  return Response.json({ verdict: result.verdict, replayed: result.isReplay }, { status: result.isReplay ? 200 : 201 });
});
