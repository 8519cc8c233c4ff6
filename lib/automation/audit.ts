import type { Db } from "../db/client.ts";
import type { ActorKind, AutomationLevel } from "../generated/prisma/enums.ts";

export interface AuditEntry {
  id: string;
  createdAt: Date;
  station: string | null;
  actor: string;
  actorKind: ActorKind;
  action: string;
  reason: string;
  fromLevel: AutomationLevel | null;
  toLevel: AutomationLevel | null;
}

/** The newest audit events first. */
export async function recentAuditEvents(db: Db, limit = 50): Promise<AuditEntry[]> {
  const events = await db.auditEvent.findMany({
    orderBy: { id: "desc" },
    take: limit,
    include: { station: { select: { name: true } }, actor: { select: { name: true } } },
  });
  return events.map((event) => ({
    id: event.id.toString(),
    createdAt: event.createdAt,
    station: event.station?.name ?? null,
    actor: event.actorKind === "SYSTEM" ? "Understudy" : (event.actor?.name ?? "unknown user"),
    actorKind: event.actorKind,
    action: event.action,
    reason: event.reason,
    fromLevel: event.fromLevel,
    toLevel: event.toLevel,
  }));
}
