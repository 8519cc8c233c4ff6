import { OPERATIONS } from "@/lib/api/operations";
import { resetEvidence } from "@/lib/automation";
import { db } from "@/lib/db/client";
import { refusalProblem, forOperation } from "@/lib/http";

export const dynamic = "force-dynamic";

/** An engineer starts the station's evidence afresh, with why (audited). */
export const POST = forOperation(OPERATIONS.resetEvidence, async (_request, user, { params }: { params: Promise<{ station: string }> }, body) => {
  const { station } = await params;
  const result = await resetEvidence(db(), station, user, body.reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ evidenceSince: result.evidenceSince.toISOString() });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
