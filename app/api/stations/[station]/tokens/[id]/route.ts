import { OPERATIONS } from "@/lib/api";
import { notFound, operationRoute, stationBySlug } from "@/lib/http";
import { revokeStationToken } from "@/lib/tokens";

export const dynamic = "force-dynamic";

/** An administrator revokes a token: the camera holding it is refused from then on. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.revokeToken, async ({ db, user, params: { station: slug, id } }) => {
  const station = await stationBySlug(db, slug);
  const revoked = await db.$transaction((tx) => revokeStationToken(tx, station.id, id, { kind: "USER", id: user.id }));
  if (!revoked) throw notFound(`No token ${id} on station ${slug}.`);
  return new Response(null, { status: 204 });
});
