import { z } from "zod";
import { demoteStation } from "@/lib/automation";
import { conflict, notFound, parseJsonBody, withRole } from "@/lib/http";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

const demotionSchema = z.object({ reason: z.string().trim().min(3).max(1000) }).strict();

/** A manager moves a station one level down at once (a canary rolls back to where it began). */
export const POST = withRole<{ params: Promise<{ station: string }> }>(["MANAGER", "ADMIN"], async (request, user, { params }) => {
  const { station } = await params;
  const { reason } = await parseJsonBody(request, demotionSchema);
  const result = await demoteStation(db(), station, { kind: "USER", id: user.id }, reason);
  if (!result.ok) {
    throw result.reason === "unknown-station"
      ? notFound(`No station ${JSON.stringify(station)}.`)
      : conflict("The station already runs with humans only; there is no lower level.");
  }
  return Response.json({ station, from: result.from, to: result.to });
});
