import type { Db } from "../db/client.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { startEra } from "./eras.ts";
import { levelBelow } from "./levels.ts";

export type DemotionResult =
  | { ok: true; stationId: string; from: AutomationLevel; to: AutomationLevel }
  | { ok: false; reason: "unknown-station" | "already-lowest" };

export interface Actor {
  kind: "USER" | "SYSTEM";
  id: string | null;
}

/**
 * Moves a station one level down at once: no gates, no approval. Ends the
 * current era, opens the next and appends the audit event, in one transaction
 * that holds the station's automation row so concurrent changes queue up.
 */
export async function demoteStation(db: Db, slug: string, actor: Actor, reason: string): Promise<DemotionResult> {
  return db.$transaction(async (tx) => {
    const station = await tx.station.findUnique({ where: { slug }, select: { id: true } });
    if (!station) return { ok: false, reason: "unknown-station" } as const;
    const [state] = await tx.$queryRaw<{ level: AutomationLevel; canary_from_level: AutomationLevel | null }[]>`
      SELECT level, canary_from_level FROM station_automation WHERE station_id = ${station.id}::uuid FOR UPDATE`;
    const from = state?.level ?? "HUMAN_ONLY";
    // Mid-canary, rolling back means returning to the level the canary started from.
    const to = state?.canary_from_level ?? levelBelow(from);
    if (!to) return { ok: false, reason: "already-lowest" } as const;
    const now = new Date();
    await tx.stationAutomation.upsert({
      where: { stationId: station.id },
      create: { stationId: station.id, level: to, eraStartedAt: now },
      update: { level: to, canaryFromLevel: null, canaryShare: 1, eraStartedAt: now },
    });
    await startEra(tx, station.id, to, now);
    await tx.auditEvent.create({
      data: {
        stationId: station.id,
        actorKind: actor.kind,
        actorId: actor.id,
        action: "LEVEL_DEMOTED",
        reason,
        fromLevel: from,
        toLevel: to,
        evidence: { from, to, canaryFromLevel: state?.canary_from_level ?? null },
        createdAt: now,
      },
    });
    return { ok: true, stationId: station.id, from, to } as const;
  });
}
