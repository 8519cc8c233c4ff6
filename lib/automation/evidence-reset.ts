import type { Db, DbOrTx } from "../db/index.ts";
import { appendAudit, lockStation, type LadderRefusal, type Person } from "./ladder.ts";

/** Engineers own the evidence: they reset it when they know it no longer describes the line. */
export const MAY_RESET_EVIDENCE: readonly Person["role"][] = ["ENGINEER", "ADMIN"];

/**
 * Starts the station's evidence afresh at `at`: the gates read compared units
 * from then on. Called where the evidence stops describing what the model
 * would face (a model switch, a drift alert opening, a change of defect
 * classes) with the reason the gate panel shows; a level change never resets it.
 */
export async function startEvidence(tx: DbOrTx, stationId: string, at: Date, reason: string): Promise<void> {
  // Only forward: drift windows are checked in arrears, and an older window must not bring back evidence a later reset ended.
  await tx.stationAutomation.updateMany({ where: { stationId, evidenceSince: { lte: at } }, data: { evidenceSince: at, evidenceSinceReason: reason } });
}

/** An engineer's explicit reset, with why, in the audit trail (EVIDENCE_RESET). */
export async function resetEvidence(db: Db, slug: string, person: Person, reason: string): Promise<{ ok: true; evidenceSince: Date } | LadderRefusal> {
  if (!MAY_RESET_EVIDENCE.includes(person.role))
    return { ok: false, kind: "forbidden", reason: "role", detail: "Only engineers and admins reset a station's evidence." };
  return db.$transaction(async (tx) => {
    const locked = await lockStation(tx, slug);
    if (!locked.ok) return locked;
    const { stationId, state } = locked;
    const at = new Date();
    await startEvidence(tx, stationId, at, `reset by an engineer: ${reason}`);
    await appendAudit(tx, {
      stationId,
      actor: { kind: "USER", id: person.id },
      action: "EVIDENCE_RESET",
      reason,
      evidence: { previousSince: state.evidenceSince.toISOString(), previousReason: state.evidenceSinceReason },
      at,
    });
    return { ok: true, evidenceSince: at } as const;
  });
}
