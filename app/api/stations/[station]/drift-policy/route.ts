import { z } from "zod";
import { db } from "@/lib/db/client";
import { MAY_SET_DRIFT_POLICY, setDriftDemotes } from "@/lib/drift";
import { parseJsonBody, refusalProblem, withRole } from "@/lib/http";

export const dynamic = "force-dynamic";

const driftPolicySchema = z.object({ demotes: z.boolean(), reason: z.string().trim().min(3).max(1000) }).strict();

/** Sets whether an open drift alert demotes the station at PARTIAL or FULL; alerts block promotions either way. */
export const PUT = withRole<{ params: Promise<{ station: string }> }>(MAY_SET_DRIFT_POLICY, async (request, user, { params }) => {
  const { station } = await params;
  const { demotes, reason } = await parseJsonBody(request, driftPolicySchema);
  const result = await setDriftDemotes(db(), station, user, demotes, reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ driftDemotes: result.driftDemotes });
});
