import { OPERATIONS } from "@/lib/api";
import { operationRoute, refusalProblem } from "@/lib/http";
import { revokeTokenAt } from "@/lib/tokens";

export const dynamic = "force-dynamic";

/** An administrator revokes a token: the camera holding it is refused from then on. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.revokeToken, async ({ db, user, params: { station, id } }) => {
  const result = await revokeTokenAt(db, station, id, { kind: "USER", id: user.id });
  if (!result.ok) throw refusalProblem(result);
  return new Response(null, { status: 204 });
});
