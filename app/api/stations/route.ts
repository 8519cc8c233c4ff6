import { OPERATIONS } from "@/lib/api";
import { isUniqueViolation } from "@/lib/db";
import { conflict, operationRoute } from "@/lib/http";
import { createStation, listStations } from "@/lib/stations";

export const dynamic = "force-dynamic";

/** Every station with its level, taxonomy and waiting units, for anyone signed in; an administrator creates one with its taxonomy. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = operationRoute(OPERATIONS.listStations, async ({ db }) =>
  Response.json({ stations: await listStations(db) }),
).and(OPERATIONS.createStation, async ({ db, user, body }) => {
  try {
    return Response.json(await db.$transaction((tx) => createStation(tx, body, { kind: "USER", id: user.id })), { status: 201 });
  } catch (error) {
    throw isUniqueViolation(error) ? conflict(`A station with slug ${JSON.stringify(body.slug)} exists already.`) : error;
  }
});
