import { OPERATIONS } from "@/lib/api/operations";
import { db } from "@/lib/db/client";
import { setDriftReference } from "@/lib/drift";
import { refusalProblem, forOperation } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Picks the station's drift reference: a baseline window of its own past predictions, or null for the active model's training statistics. */
export const PUT = forOperation(OPERATIONS.setDriftReference, async (_request, user, { params }: { params: Promise<{ station: string }> }, body) => {
  const { station } = await params;
  const { baseline, reason } = body;
  const window = baseline ? { from: new Date(baseline.from), to: new Date(baseline.to) } : null;
  const result = await setDriftReference(db(), station, user, window, reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ reference: result.reference, predictions: result.predictions });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as POST, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
