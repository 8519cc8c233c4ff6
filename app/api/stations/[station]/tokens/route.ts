import { db } from "@/lib/db/client";
import { OPERATIONS } from "@/lib/api/operations";
import { forOperation, stationBySlug } from "@/lib/http";
import { createStationToken, listStationTokens } from "@/lib/tokens";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ station: string }> };

/** The station's machine tokens (never their secrets): administrators only. */
export const GET = forOperation(OPERATIONS.listTokens, async (_request, _user, { params }: Context) => {
  const station = await stationBySlug(db(), (await params).station);
  return Response.json({ tokens: await listStationTokens(db(), station.id) });
});

/** An administrator creates a camera's token for the station; the answer is the only time the secret is shown. */
export const POST = forOperation(OPERATIONS.createToken, async (_request, user, { params }: Context, body) => {
  const station = await stationBySlug(db(), (await params).station);
  const { name } = body;
  const { token, summary } = await db().$transaction((tx) => createStationToken(tx, station.id, name, user.id));
  return Response.json({ token, ...summary }, { status: 201 });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
