import { OPERATIONS } from "@/lib/api/operations";
import { setBlindShare } from "@/lib/automation";
import { db } from "@/lib/db/client";
import { refusalProblem, forOperation } from "@/lib/http";

export const dynamic = "force-dynamic";

/** A manager sets the share of units judged without the model's suggestion at AI assistance (audited). */
export const PUT = forOperation(OPERATIONS.setBlindShare, async (_request, user, { params }: { params: Promise<{ station: string }> }, body) => {
  const { station } = await params;
  const result = await setBlindShare(db(), station, user, body.share, body.reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ blindShare: result.blindShare });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as POST, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
