import type { Db } from "../db/index.ts";
import { escapeGateOf, MAY_SET_ESCAPE_GATE, type EscapeGate } from "./escape-gate.ts";
import { appendAudit, lockStation, type LadderRefusal, type Person } from "./ladder.ts";

/** A manager requires the escape gate for FULL (or, with null, no longer does); audited. */
export async function setEscapeGate(
  db: Db,
  slug: string,
  person: Person,
  gate: EscapeGate | null,
  reason: string,
): Promise<{ ok: true; gate: EscapeGate | null } | LadderRefusal> {
  if (!(MAY_SET_ESCAPE_GATE as readonly string[]).includes(person.role))
    return { ok: false, kind: "forbidden", reason: "role", detail: "Only managers and admins set the escape gate." };
  return db.$transaction(async (tx) => {
    const locked = await lockStation(tx, slug);
    if (!locked.ok) return locked;
    const { stationId, state } = locked;
    const previous = escapeGateOf(state);
    await tx.stationAutomation.update({ where: { stationId }, data: { escapeGatePerMillion: gate?.perMillion ?? null, escapeGateUnits: gate?.units ?? null } });
    await appendAudit(tx, {
      stationId,
      actor: { kind: "USER", id: person.id },
      action: "ESCAPE_GATE_SET",
      reason,
      evidence: { gate, previous },
      at: new Date(),
    });
    return { ok: true, gate } as const;
  });
}
