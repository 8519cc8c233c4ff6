import { switchModels } from "@/lib/automation";
import { OPERATIONS } from "@/lib/api/operations";
import { db } from "@/lib/db/client";
import { refusalProblem, forOperation } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Swaps the active and candidate models in one action; the same action switches back. */
export const POST = forOperation(OPERATIONS.switchModels, async (_request, user, { params }: { params: Promise<{ station: string }> }, body) => {
  const { station } = await params;
  const { reason } = body;
  const result = await switchModels(db(), station, user, reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ active: result.active, candidate: result.candidate });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
