import { z } from "zod";
import { db } from "@/lib/db/client";
import { OPERATIONS } from "@/lib/api/operations";
import { forOperation, HttpProblem, notFound, stationBySlug } from "@/lib/http";
import { revokeStationToken } from "@/lib/tokens";

export const dynamic = "force-dynamic";

/** An administrator revokes a token: the camera holding it is refused from then on. */
export const DELETE = forOperation(OPERATIONS.revokeToken, async (_request, user, { params }: { params: Promise<{ station: string; id: string }> }) => {
  const { station: slug, id } = await params;
  if (!z.uuid().safeParse(id).success) throw new HttpProblem(400, "Bad Request", "The token id is not a UUID.");
  const station = await stationBySlug(db(), slug);
  const revoked = await db().$transaction((tx) => revokeStationToken(tx, station.id, id, { kind: "USER", id: user.id }));
  if (!revoked) throw notFound(`No token ${id} on station ${slug}.`);
  return new Response(null, { status: 204 });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, catalogOptions as OPTIONS } from "@/lib/http";
