import { z } from "zod";
import { decidePromotion } from "@/lib/automation";
import { OPERATIONS } from "@/lib/api/operations";
import { db } from "@/lib/db/client";
import { notFound, refusalProblem, forOperation } from "@/lib/http";

export const dynamic = "force-dynamic";

/** A manager approves (with an override reason where a gate does not pass) or rejects a promotion request. */
export const POST = forOperation(OPERATIONS.decidePromotion, async (_request, user, { params }: { params: Promise<{ id: string }> }, body) => {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) throw notFound(`No promotion request ${JSON.stringify(id)}.`);
  const input = body;
  const result = await decidePromotion(db(), id, user, input);
  if (!result.ok) throw refusalProblem(result, result.unmetGates ? { unmetGates: result.unmetGates } : {});
  return Response.json({ status: result.status, level: result.level, canaryShare: result.canaryShare, gates: result.report });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
