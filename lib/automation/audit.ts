import { z } from "zod";
import { filterDay } from "../time/index.ts";
import type { Db } from "../db/index.ts";
import type { ActorKind, AutomationLevel } from "../generated/prisma/enums.ts";
import type { Prisma } from "../generated/prisma/client.ts";

/** Every action the trail records, for the filter. */
export const AUDIT_ACTIONS = [
  "PROMOTION_REQUESTED",
  "PROMOTION_APPROVED",
  "PROMOTION_REJECTED",
  "GATES_OVERRIDDEN",
  "SINGLE_PERSON_APPROVAL",
  "APPROVAL_POLICY_SET",
  "LEVEL_PROMOTED",
  "LEVEL_DEMOTED",
  "CANARY_STARTED",
  "CANARY_WIDENED",
  "CANARY_COMPLETED",
  "CANARY_ROLLED_BACK",
  "CANDIDATE_SET",
  "CANDIDATE_CLEARED",
  "MODEL_SWITCHED",
  "EVIDENCE_RESET",
  "BLIND_SHARE_SET",
  "DRIFT_ALERT_OPENED",
  "DRIFT_ALERT_CLOSED",
  "DRIFT_BASELINE_SET",
  "DRIFT_POLICY_SET",
  "CALIBRATION_FITTED",
  "ESCAPE_GATE_SET",
  "ESCAPES_IMPORTED",
  "ACCOUNT_CREATED",
  "ACCOUNT_DISABLED",
  "ACCOUNT_ENABLED",
  "ACCOUNT_ROLE_CHANGED",
  "ACCOUNT_PASSWORD_RESET",
  "PASSWORD_CHANGED",
  "SIGN_IN_HELD_BACK",
  "SIGN_IN_UNLOCKED",
  "STATION_CREATED",
  "STATION_TIME_ZONE_SET",
  "INSPECTION_REGION_SET",
  "DEFECT_CLASS_ADDED",
  "DEFECT_CLASS_RENAMED",
  "DEFECT_CLASS_RETIRED",
  "DEFECT_CLASS_RESTORED",
  "TRAINING_RUN_STARTED",
  "TRAINING_RUN_CANCELLED",
  "TOKEN_CREATED",
  "TOKEN_REVOKED",
] as const;

export interface AuditEntry {
  id: string;
  /** Where the next page starts: this event's time and id (see `before`). */
  cursor: string;
  createdAt: Date;
  station: string | null;
  /** The station's time zone (UTC for events of no station): the moment is shown in it. */
  timeZone: string;
  actor: string;
  actorKind: ActorKind;
  action: string;
  reason: string;
  fromLevel: AutomationLevel | null;
  toLevel: AutomationLevel | null;
  evidence: unknown;
}

const oneOf = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : oneOf(v)), schema.optional());

/** The trail's filter, from the page's URL (every field optional). */
export const auditFilterSchema = z.object({
  station: optional(z.string().max(100)),
  action: optional(z.enum(AUDIT_ACTIONS)),
  actor: optional(z.enum(["USER", "SYSTEM"])),
  from: optional(filterDay),
  to: optional(filterDay),
  /** Older than this event (paging): its time in ms and its id, "1732950000000.123". */
  before: optional(z.string().regex(/^\d{1,15}\.\d{1,18}$/)),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/**
 * The newest audit events first by when they happened, filtered, a page at a
 * time. Ordered by time, not id: seeded history and checks made in arrears
 * write events dated before ones already stored.
 */
export async function auditEvents(db: Db, filter: AuditFilter = {}, limit = 50): Promise<AuditEntry[]> {
  const [beforeMs, beforeId] = filter.before ? filter.before.split(".") : [];
  const beforeAt = beforeMs ? new Date(Number(beforeMs)) : null;
  const where: Prisma.AuditEventWhereInput = {
    ...(filter.station ? { station: { slug: filter.station } } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.actor ? { actorKind: filter.actor } : {}),
    ...(filter.from || filter.to
      ? {
          createdAt: {
            ...(filter.from ? { gte: new Date(`${filter.from}T00:00:00Z`) } : {}),
            ...(filter.to ? { lt: new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000) } : {}),
          },
        }
      : {}),
  };
  const page: Prisma.AuditEventWhereInput =
    beforeAt && beforeId ? { OR: [{ createdAt: { lt: beforeAt } }, { createdAt: beforeAt, id: { lt: BigInt(beforeId) } }] } : {};
  const events = await db.auditEvent.findMany({
    where: { AND: [where, page] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { station: { select: { name: true, timeZone: true } }, actor: { select: { name: true } } },
  });
  return events.map((event) => ({
    id: event.id.toString(),
    cursor: `${event.createdAt.getTime()}.${event.id.toString()}`,
    createdAt: event.createdAt,
    station: event.station?.name ?? null,
    timeZone: event.station?.timeZone ?? "UTC",
    actor: event.actorKind === "SYSTEM" ? "Understudy" : (event.actor?.name ?? "unknown user"),
    actorKind: event.actorKind,
    action: event.action,
    reason: event.reason,
    fromLevel: event.fromLevel,
    toLevel: event.toLevel,
    evidence: event.evidence,
  }));
}
