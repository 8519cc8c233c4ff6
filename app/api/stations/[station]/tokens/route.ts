import { db } from "@/lib/db/client";
import { parseJsonBody, stationBySlug, withRole } from "@/lib/http";
import { createStationToken, listStationTokens, newTokenSchema } from "@/lib/tokens";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ station: string }> };

/** The station's machine tokens (never their secrets): administrators only. */
export const GET = withRole<Context>(["ADMIN"], async (_request, _user, { params }) => {
  const station = await stationBySlug(db(), (await params).station);
  return Response.json({ tokens: await listStationTokens(db(), station.id) });
});

/** An administrator creates a camera's token for the station; the answer is the only time the secret is shown. */
export const POST = withRole<Context>(["ADMIN"], async (request, user, { params }) => {
  const station = await stationBySlug(db(), (await params).station);
  const { name } = await parseJsonBody(request, newTokenSchema);
  const { token, summary } = await createStationToken(db(), station.id, name, user.id);
  return Response.json({ token, ...summary }, { status: 201 });
});
