import { conflict, forOperation } from "@/lib/http";
import { OPERATIONS } from "@/lib/api/operations";
import { db, isUniqueViolation } from "@/lib/db/client";
import { createStation, listStations } from "@/lib/stations";

export const dynamic = "force-dynamic";

/** Every station with its level, taxonomy and waiting units: for anyone signed in. */
export const GET = forOperation(OPERATIONS.listStations, async () => {
  return Response.json({ stations: await listStations(db()) });
});

/** An administrator creates a station with its defect taxonomy. */
export const POST = forOperation(OPERATIONS.createStation, async (_request, user, _context, input) => {
  try {
    const station = await db().$transaction((tx) => createStation(tx, input, { kind: "USER", id: user.id }));
    return Response.json(station, { status: 201 });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict(`A station with slug ${JSON.stringify(input.slug)} exists already.`);
    }
    throw error;
  }
});

/** Every other method: 405 problem+json with Allow; OPTIONS lists only what the catalog serves. */
export { methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, catalogOptions as OPTIONS } from "@/lib/http";
