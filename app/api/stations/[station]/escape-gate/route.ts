import { OPERATIONS } from "@/lib/api/operations";
import { setEscapeGate } from "@/lib/automation/set-escape-gate";
import { db } from "@/lib/db/client";
import { refusalProblem, forOperation } from "@/lib/http";

export const dynamic = "force-dynamic";

/** A manager requires the escape gate for full automation, or no longer does; audited. */
export const PUT = forOperation(OPERATIONS.setEscapeGate, async (_request, user, { params }: { params: Promise<{ station: string }> }, body) => {
  const { station } = await params;
  const result = await setEscapeGate(db(), station, user, body.gate, body.reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ gate: result.gate });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as POST, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
