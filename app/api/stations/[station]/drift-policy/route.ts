import { OPERATIONS } from "@/lib/api/operations";
import { db } from "@/lib/db/client";
import { setDriftDemotes } from "@/lib/drift";
import { refusalProblem, forOperation } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Sets whether an open drift alert demotes the station at PARTIAL or FULL; alerts block promotions either way. */
export const PUT = forOperation(OPERATIONS.setDriftPolicy, async (_request, user, { params }: { params: Promise<{ station: string }> }, body) => {
  const { station } = await params;
  const { demotes, reason } = body;
  const result = await setDriftDemotes(db(), station, user, demotes, reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ driftDemotes: result.driftDemotes });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as POST, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
