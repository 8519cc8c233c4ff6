import { requestPromotion } from "@/lib/automation";
import { OPERATIONS } from "@/lib/api/operations";
import { db } from "@/lib/db/client";
import { refusalProblem, forOperation } from "@/lib/http";

export const dynamic = "force-dynamic";

/** An engineer or manager asks for a station to move up; the gates are evaluated and kept with the request. */
export const POST = forOperation(OPERATIONS.requestPromotion, async (_request, user, { params }: { params: Promise<{ station: string }> }, body) => {
  const { station } = await params;
  const input = body;
  const result = await requestPromotion(db(), station, user, input);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ requestId: result.requestId, gates: result.report }, { status: 201 });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
