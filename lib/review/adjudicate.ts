import { z } from "zod";
import type { DbOrTx } from "../db/index.ts";
import { labelsOf } from "../stations/index.ts";

export const adjudicationInputSchema = z
  .object({
    captureId: z.uuid(),
    truth: z.string().min(1).max(32),
    note: z.string().trim().max(2000).default(""),
  })
  .strict();

export type AdjudicationInput = z.infer<typeof adjudicationInputSchema>;

export type AdjudicationResult = { ok: true; truth: string } | { ok: false; kind: "not-found" | "invalid"; detail: string };

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
  if (!capture) return { ok: false, kind: "not-found", detail: `No unit ${input.captureId}.` };
  const labels = labelsOf(capture.station.defectClasses);
  if (!labels.includes(input.truth)) return { ok: false, kind: "invalid", detail: `truth must be one of ${labels.join(", ")}.` };
  await db.adjudication.create({ data: { captureId: capture.id, truth: input.truth, note: input.note, adjudicatorId } });
  return { ok: true, truth: input.truth };
}

/** How long after settling a unit its adjudicator may take it back (a slip of the mouse, not a change of mind). */
export const ADJUDICATION_UNDO_MS = 10 * 60_000;

/** Why an undo was refused, by kind: pages show these, never text carried in a URL. */
export const UNDO_REFUSED = {
  "not-found": "This unit has no settling to undo.",
  conflict: "Only your own latest settling of the last 10 minutes can be undone: settle the unit again instead, and both opinions are kept.",
} as const;

export type UndoAdjudicationResult = { ok: true; truth: string | null } | { ok: false; kind: keyof typeof UNDO_REFUSED; detail: string };

/**
 * Takes back the adjudicator's own newest settling of a unit, within
 * ADJUDICATION_UNDO_MS: the row goes (a slip is not an opinion), the unit's
 * truth is again its previous adjudication or none, and its comparisons
 * follow by trigger. A change of mind later is a new adjudication, kept
 * beside the old one.
 */
export async function undoAdjudication(db: DbOrTx, adjudicatorId: string, captureId: string, now: Date = new Date()): Promise<UndoAdjudicationResult> {
  const [newest] = await db.adjudication.findMany({ where: { captureId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 1 });
  if (!newest) return { ok: false, kind: "not-found", detail: UNDO_REFUSED["not-found"] };
  if (newest.adjudicatorId !== adjudicatorId || now.getTime() - newest.createdAt.getTime() > ADJUDICATION_UNDO_MS)
    return { ok: false, kind: "conflict", detail: UNDO_REFUSED.conflict };
  await db.adjudication.delete({ where: { id: newest.id } });
  const [previous] = await db.adjudication.findMany({
    where: { captureId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 1,
    select: { truth: true },
  });
  return { ok: true, truth: previous?.truth ?? null };
}
