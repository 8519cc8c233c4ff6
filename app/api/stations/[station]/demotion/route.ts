import { demoteStation } from "@/lib/automation";
import { conflict, notFound, forOperation } from "@/lib/http";
import { OPERATIONS } from "@/lib/api/operations";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** A manager moves a station one level down at once (a canary rolls back to where it began). */
export const POST = forOperation(OPERATIONS.demoteStation, async (_request, user, { params }: { params: Promise<{ station: string }> }, body) => {
  const { station } = await params;
  const { reason } = body;
  const result = await demoteStation(db(), station, { kind: "USER", id: user.id }, reason);
  if (!result.ok) {
    throw result.reason === "unknown-station"
      ? notFound(`No station ${JSON.stringify(station)}.`)
      : conflict("The station already runs with humans only; there is no lower level.");
  }
  return Response.json({ station, from: result.from, to: result.to });
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
