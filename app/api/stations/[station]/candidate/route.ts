import { z } from "zod";
import { MAY_SET_CANDIDATE, setCandidateModel } from "@/lib/automation";
import { db } from "@/lib/db/client";
import { parseJsonBody, refusalProblem, withRole } from "@/lib/http";

export const dynamic = "force-dynamic";

const candidateSchema = z.object({ version: z.string().trim().min(1).max(100).nullable(), reason: z.string().trim().min(3).max(1000) }).strict();

/** Sets the station's candidate (green) model, which then predicts beside the active one; null clears it. */
export const PUT = withRole<{ params: Promise<{ station: string }> }>(MAY_SET_CANDIDATE, async (request, user, { params }) => {
  const { station } = await params;
  const { version, reason } = await parseJsonBody(request, candidateSchema);
  const result = await setCandidateModel(db(), station, user, version, reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ active: result.active, candidate: result.candidate });
});
