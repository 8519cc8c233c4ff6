import { setCandidateModel } from "@/lib/automation";
import { OPERATIONS } from "@/lib/api/operations";
import { db } from "@/lib/db/client";
import { refusalProblem, forOperation } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Sets the station's candidate (green) model, which then predicts beside the active one; null clears it. */
export const PUT = forOperation(OPERATIONS.setCandidate, async (_request, user, { params }: { params: Promise<{ station: string }> }, body) => {
  const { station } = await params;
  const { version, reason } = body;
  const result = await setCandidateModel(db(), station, user, version, reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ active: result.active, candidate: result.candidate });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as POST, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
