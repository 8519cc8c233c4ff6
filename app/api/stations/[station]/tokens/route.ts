import { OPERATIONS } from "@/lib/api";
import { operationRoute, stationBySlug } from "@/lib/http";
import { createStationToken, listStationTokens } from "@/lib/tokens";

export const dynamic = "force-dynamic";

/** The station's machine tokens (never their secrets), for administrators; creating one answers its secret, the only time it is shown. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.listTokens, async ({ db, params }) => {
  const station = await stationBySlug(db, params.station);
  return Response.json({ tokens: await listStationTokens(db, station.id) });
}).and(OPERATIONS.createToken, async ({ db, user, params, body }) => {
  const station = await stationBySlug(db, params.station);
  const { token, summary } = await db.$transaction((tx) => createStationToken(tx, station.id, body.name, user.id));
  return Response.json({ token, ...summary }, { status: 201 });
});
