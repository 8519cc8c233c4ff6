import { OPERATIONS } from "@/lib/api/operations";
import { db } from "@/lib/db/client";
import { refusalProblem, forOperation } from "@/lib/http";
import { changeDefectClass } from "@/lib/stations";

export const dynamic = "force-dynamic";

/** An admin adds, renames, retires or restores one of the station's defect classes (audited). */
export const POST = forOperation(OPERATIONS.changeDefectClass, async (_request, user, { params }: { params: Promise<{ station: string }> }, body) => {
  const { station } = await params;
  const result = await changeDefectClass(db(), station, body.change, { kind: "USER", id: user.id }, body.reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ key: result.key, message: result.message });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
