import { z } from "zod";
import { reportedMoment } from "../time/index.ts";
import { isUniqueViolation, type Db } from "../db/index.ts";
import { showsSuggestion, reviewStationSoon, unitLevel } from "../automation/index.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { labelsOf } from "../stations/index.ts";
import { idempotencyKeySchema } from "./idempotency-key.ts";

export const verdictInputSchema = z
  .object({
    idempotencyKey: idempotencyKeySchema,
    captureId: z.uuid(),
    label: z.string().min(1).max(32),
    timeToDecideMs: z.number().int().min(0).max(3_600_000),
    suggestionShown: z
      .boolean()
      .default(false)
      .describe("Whether the page showed the model's suggestion; the server records it as shown where its own rule says so, too."),
    revisedFrom: z.string().min(1).max(32).nullable().default(null).describe("The label pressed first and undone before this one, if any."),
    decidedAt: reportedMoment(),
  })
  .strict();

export type VerdictInput = z.infer<typeof verdictInputSchema>;

export interface StoredVerdict {
  id: string;
  captureId: string;
  label: string;
  level: AutomationLevel;
  decidedAt: Date;
}

/** Why a verdict was refused: each maps to one 4xx answer. */
export type VerdictRefusal =
  | { reason: "unknown-capture"; kind: "not-found"; detail: string }
  | { reason: "wrong-station" | "unknown-label"; kind: "invalid"; detail: string }
  | { reason: "leased-to-another" | "already-judged" | "already-decided" | "not-leased" | "key-reused"; kind: "conflict"; detail: string };

export type VerdictResult = { ok: true; isReplay: boolean; verdict: StoredVerdict } | { ok: false; refusal: VerdictRefusal };

const toStored = (v: { id: string; captureId: string; label: string; level: AutomationLevel; decidedAt: Date }): StoredVerdict => ({
  id: v.id,
  captureId: v.captureId,
  label: v.label,
  level: v.level,
  decidedAt: v.decidedAt,
});

/**
 * Stores an inspector's verdict exactly once. A repeat with the same
 * idempotency key (a retry from the client's outbox) gets the original back;
 * the same key with other content, a second verdict of the same inspector on
 * the unit, a unit leased to someone else, another station's unit or a label
 * outside the station's taxonomy are refused and change nothing.
 */
export async function recordVerdict(db: Db, stationSlug: string, inspectorId: string, input: VerdictInput): Promise<VerdictResult> {
  const result = await storeVerdict(db, stationSlug, inspectorId, input);
  // New evidence: a canary may widen or roll back, a station may be demoted. The review is stored before the
  // caller answers (for a replay too: its first answer may never have left) and runs after, in any instance.
  if (result.ok) await reviewStationSoon(db, stationSlug);
  return result;
}

/** The write itself: the verdict and the unit marked decided, in one transaction. */
async function storeVerdict(db: Db, stationSlug: string, inspectorId: string, input: VerdictInput): Promise<VerdictResult> {
  const replay = async (): Promise<VerdictResult | null> => {
    const existing = await db.verdict.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
    if (!existing) return null;
    const isSame = existing.captureId === input.captureId && existing.inspectorId === inspectorId && existing.label === input.label;
    return isSame
      ? { ok: true, isReplay: true, verdict: toStored(existing) }
      : { ok: false, refusal: { reason: "key-reused", kind: "conflict", detail: "This idempotency key was already used for a different verdict." } };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    return await db.$transaction(async (tx) => {
      const [capture] = await tx.$queryRaw<
        {
          id: string;
          station_id: string;
          slug: string;
          lease_user_id: string | null;
          lease_active: boolean;
          decided_at: Date | null;
          level: AutomationLevel | null;
          canary_from_level: AutomationLevel | null;
          canary_share: number | null;
          blind_share: number | null;
        }[]
      >`
        SELECT c.id, c.station_id, s.slug, c.lease_user_id, (c.lease_expires_at > now()) AS lease_active, c.decided_at, a.level, a.canary_from_level, a.canary_share, a.blind_share
          FROM captures c
          JOIN stations s ON s.id = c.station_id
          LEFT JOIN station_automation a ON a.station_id = c.station_id
         WHERE c.id = ${input.captureId}::uuid
           FOR UPDATE OF c`;
      if (!capture) return { ok: false, refusal: { reason: "unknown-capture", kind: "not-found", detail: `No unit ${input.captureId}.` } } as const;
      if (capture.slug !== stationSlug) {
        return { ok: false, refusal: { reason: "wrong-station", kind: "invalid", detail: `Unit ${input.captureId} belongs to another station.` } } as const;
      }
      const classes = await tx.defectClass.findMany({
        where: { stationId: capture.station_id, retiredAt: null },
        orderBy: { position: "asc" },
        select: { key: true },
      });
      const labels = labelsOf(classes);
      if (!labels.includes(input.label)) {
        return { ok: false, refusal: { reason: "unknown-label", kind: "invalid", detail: `label must be one of ${labels.join(", ")}.` } } as const;
      }
      if (input.revisedFrom !== null && !labels.includes(input.revisedFrom)) {
        return { ok: false, refusal: { reason: "unknown-label", kind: "invalid", detail: `revisedFrom must be one of ${labels.join(", ")}.` } } as const;
      }
      // A verdict needs the inspector's lease: no second verdict on a decided unit, none on a unit nobody
      // handed them (second opinions and audits are flows of their own). A lease that ran out while the
      // verdict waited in the outbox still counts, as long as nobody else has taken the unit since.
      if (capture.decided_at) {
        // A concurrent first delivery of this very verdict may have decided it while this one waited for the lock.
        const raced = await replay();
        if (raced) return raced;
        return {
          ok: false,
          refusal: { reason: "already-decided", kind: "conflict", detail: "This unit has been decided already; a second opinion goes through /review." },
        } as const;
      }
      if (capture.lease_user_id !== inspectorId) {
        return capture.lease_user_id && capture.lease_active
          ? ({ ok: false, refusal: { reason: "leased-to-another", kind: "conflict", detail: "Another inspector holds this unit." } } as const)
          : ({
              ok: false,
              refusal: { reason: "not-leased", kind: "conflict", detail: "You do not hold this unit: take units from the station's queue." },
            } as const);
      }
      // The client's clock says when the inspector pressed the key (the outbox may
      // deliver much later); a clock running ahead never dates a verdict in the future.
      const decidedAt = new Date(Math.min(Date.parse(input.decidedAt), Date.now()));
      const policy = {
        level: capture.level ?? "HUMAN_ONLY",
        canaryFromLevel: capture.canary_from_level,
        canaryShare: capture.canary_share ?? 1,
        blindShare: capture.blind_share ?? 0,
      };
      const verdict = await tx.verdict.create({
        data: {
          idempotencyKey: input.idempotencyKey,
          captureId: capture.id,
          stationId: capture.station_id,
          inspectorId,
          source: "INSPECTOR",
          label: input.label,
          // During a canary, the level this unit ran at: the canary's or the one it started from.
          level: unitLevel(policy, capture.id),
          // Evidence must not rest on the page's word that it hid the answer: a unit the
          // server's rule shows a suggestion for is recorded as assisted whatever the page says.
          suggestionShown: showsSuggestion(policy, capture.id) || input.suggestionShown,
          revisedFrom: input.revisedFrom,
          timeToDecideMs: input.timeToDecideMs,
          decidedAt,
        },
      });
      await tx.capture.update({
        where: { id: capture.id },
        data: { decidedAt: decidedAt, leaseUserId: null, leaseExpiresAt: null },
      });
      return { ok: true, isReplay: false, verdict: toStored(verdict) } as const;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      // A concurrent retry of the same verdict won the race: answer with its result.
      const raced = await replay();
      if (raced) return raced;
      return { ok: false, refusal: { reason: "already-judged", kind: "conflict", detail: "You have already judged this unit." } };
    }
    throw error;
  }
}
