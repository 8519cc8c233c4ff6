import { OPERATIONS } from "@/lib/api/operations";
import { db } from "@/lib/db/client";
import { refusalProblem, forOperation } from "@/lib/http";
import { recordVerdict } from "@/lib/inspection";

export const dynamic = "force-dynamic";

/** Records the calling inspector's verdict on a unit, exactly once per idempotency key. */
export const POST = forOperation(OPERATIONS.recordVerdict, async (_request, user, { params }: { params: Promise<{ station: string }> }, body) => {
  const { station } = await params;
  const input = body;
  const result = await recordVerdict(db(), station, user.id, input);
  if (!result.ok) throw refusalProblem(result.refusal);
  return Response.json({ verdict: result.verdict, replayed: result.isReplay }, { status: result.isReplay ? 200 : 201 });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
