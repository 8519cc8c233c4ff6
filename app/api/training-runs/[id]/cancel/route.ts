import { OPERATIONS } from "@/lib/api/operations";
import { db } from "@/lib/db/client";
import { forOperation, refusalProblem } from "@/lib/http";
import { cancelTrainingRun } from "@/lib/model/training/runs";

export const dynamic = "force-dynamic";

/** Cancels a queued run at once, a running one at its next batch. */
export const POST = forOperation(OPERATIONS.cancelTrainingRun, async (_request, user, { params }: { params: Promise<{ id: string }> }) => {
  const result = await cancelTrainingRun(db(), (await params).id, user);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ status: result.status });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
