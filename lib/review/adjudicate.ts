import { z } from "zod";
import type { DbOrTx } from "../db/client.ts";
import { labelsOf } from "../stations/taxonomy.ts";

export const adjudicationInputSchema = z
  .object({
    captureId: z.uuid(),
    truth: z.string().min(1).max(32),
    note: z.string().trim().max(2000).default(""),
  })
  .strict();

export type AdjudicationInput = z.infer<typeof adjudicationInputSchema>;

export type AdjudicationResult =
  | { ok: true; truth: string }
  | { ok: false; status: 404 | 422; detail: string };

/**
 * Settles the truth of a unit. Adjudications are versioned: a second opinion
 * adds a row with who, when and why, and the newest one is the unit's truth;
 * where adjudicators disagree, /review lists it. The truth must be one of the
 * station's labels. The comparisons of the unit follow by trigger, so the
 * dashboard's error rates move at once.
 */
export async function adjudicate(db: DbOrTx, adjudicatorId: string, input: AdjudicationInput): Promise<AdjudicationResult> {
  const capture = await db.capture.findUnique({
    where: { id: input.captureId },
    select: { id: true, station: { select: { defectClasses: { where: { retiredAt: null }, select: { key: true }, orderBy: { position: "asc" } } } } },
  });
  if (!capture) return { ok: false, status: 404, detail: `No unit ${input.captureId}.` };
  const labels = labelsOf(capture.station.defectClasses);
  if (!labels.includes(input.truth)) return { ok: false, status: 422, detail: `truth must be one of ${labels.join(", ")}.` };
  await db.adjudication.create({ data: { captureId: capture.id, truth: input.truth, note: input.note, adjudicatorId } });
  return { ok: true, truth: input.truth };
}
