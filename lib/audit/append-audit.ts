import type { DbOrTx } from "../db/index.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";

/** Who did something: a person, or Understudy itself (automatic moves, demo data). */
export interface Actor {
  kind: "USER" | "SYSTEM";
  id: string | null;
}

export const SYSTEM_ACTOR: Actor = { kind: "SYSTEM", id: null };

/**
 * Appends one event to the audit trail (append-only in the database: a
 * trigger refuses UPDATE and DELETE). `stationId` is null for changes that
 * belong to no station: accounts, passwords.
 */
export async function appendAudit(
  tx: DbOrTx,
  event: {
    stationId: string | null;
    actor: Actor;
    action: string;
    reason: string;
    fromLevel?: AutomationLevel | null;
    toLevel?: AutomationLevel | null;
    evidence?: Prisma.InputJsonObject;
    at: Date;
  },
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      stationId: event.stationId,
      actorKind: event.actor.kind,
      actorId: event.actor.id,
      action: event.action,
      reason: event.reason,
      fromLevel: event.fromLevel ?? null,
      toLevel: event.toLevel ?? null,
      evidence: event.evidence ?? {},
      createdAt: event.at,
    },
  });
}
