import { reviewStationSoon } from "@/lib/automation";
import { db } from "@/lib/db/client";
import { parseJsonBody, refusalProblem, withRole } from "@/lib/http";
import { recordVerdict, verdictInputSchema } from "@/lib/inspection";

export const dynamic = "force-dynamic";

/** Records the calling inspector's verdict on a unit, exactly once per idempotency key. */
export const POST = withRole<{ params: Promise<{ station: string }> }>(["INSPECTOR", "ENGINEER", "ADMIN"], async (request, user, { params }) => {
  const { station } = await params;
  const input = await parseJsonBody(request, verdictInputSchema);
  const result = await recordVerdict(db(), station, user.id, input);
  if (!result.ok) throw refusalProblem(result.refusal);
  // New evidence: a canary may widen or roll back, a station may be demoted (after the answer, never delaying it).
  if (!result.isReplay) void reviewStationSoon(db(), station);
  return Response.json({ verdict: result.verdict, replayed: result.isReplay }, { status: result.isReplay ? 200 : 201 });
});
