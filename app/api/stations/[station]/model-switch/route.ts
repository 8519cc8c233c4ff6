import { z } from "zod";
import { MAY_SWITCH_MODELS, switchModels } from "@/lib/automation";
import { db } from "@/lib/db/client";
import { parseJsonBody, refusalProblem, withRole } from "@/lib/http";

export const dynamic = "force-dynamic";

const switchSchema = z.object({ reason: z.string().trim().min(3).max(1000) }).strict();

/** Swaps the active and candidate models in one action; the same action switches back. */
export const POST = withRole<{ params: Promise<{ station: string }> }>(MAY_SWITCH_MODELS, async (request, user, { params }) => {
  const { station } = await params;
  const { reason } = await parseJsonBody(request, switchSchema);
  const result = await switchModels(db(), station, user, reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ active: result.active, candidate: result.candidate });
});
