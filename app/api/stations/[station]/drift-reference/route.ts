import { z } from "zod";
import { db } from "@/lib/db/client";
import { MAY_SET_DRIFT_REFERENCE, setDriftReference } from "@/lib/drift";
import { parseJsonBody, refusalProblem, withRole } from "@/lib/http";

export const dynamic = "force-dynamic";

const driftReferenceSchema = z
  .object({
    baseline: z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }).strict().nullable(),
    reason: z.string().trim().min(3).max(1000),
  })
  .strict();

/** Picks the station's drift reference: a baseline window of its own past predictions, or null for the active model's training statistics. */
export const PUT = withRole<{ params: Promise<{ station: string }> }>(MAY_SET_DRIFT_REFERENCE, async (request, user, { params }) => {
  const { station } = await params;
  const { baseline, reason } = await parseJsonBody(request, driftReferenceSchema);
  const window = baseline ? { from: new Date(baseline.from), to: new Date(baseline.to) } : null;
  const result = await setDriftReference(db(), station, user, window, reason);
  if (!result.ok) throw refusalProblem(result);
  return Response.json({ reference: result.reference, predictions: result.predictions });
});
