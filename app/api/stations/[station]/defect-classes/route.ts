import { OPERATIONS } from "@/lib/api";
import { operationRoute, refusalProblem } from "@/lib/http";
import { changeDefectClass } from "@/lib/stations";

export const dynamic = "force-dynamic";

/** An admin adds, renames, retires or restores one of the station's defect classes (audited). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.changeDefectClass, async ({ db, user, params, body }) => {
  const result = await changeDefectClass(db, params.station, body.change, { kind: "USER", id: user.id }, body.reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ key: result.key, message: result.message });
});
