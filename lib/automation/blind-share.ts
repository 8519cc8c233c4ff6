import type { Db } from "../db/index.ts";
import { BLIND_SHARE_RANGE } from "./blind.ts";
import { appendAudit, lockStation, type LadderRefusal, type Person } from "./ladder.ts";

/** Managers own how much of AI assistance is blind: it trades inspectors' help for evidence. */
export const MAY_SET_BLIND_SHARE: readonly Person["role"][] = ["MANAGER", "ADMIN"];

/** Sets the share of units judged without the model's suggestion at AI assistance (audited as BLIND_SHARE_SET). */
export async function setBlindShare(
  db: Db,
  slug: string,
  person: Person,
  share: number,
  reason: string,
): Promise<{ ok: true; blindShare: number } | LadderRefusal> {
  if (!MAY_SET_BLIND_SHARE.includes(person.role)) return { ok: false, kind: "forbidden", reason: "role", detail: "Only managers set the blind share." };
  if (!(share >= BLIND_SHARE_RANGE.min && share <= BLIND_SHARE_RANGE.max)) {
    return {
      ok: false,
      kind: "invalid",
      reason: "blind-share",
      detail: `The blind share is between ${BLIND_SHARE_RANGE.min} and ${BLIND_SHARE_RANGE.max} of units.`,
    };
  }
  return db.$transaction(async (tx) => {
    const locked = await lockStation(tx, slug);
    if (!locked.ok) return locked;
    const { stationId, state } = locked;
    await tx.stationAutomation.update({ where: { stationId }, data: { blindShare: share } });
    await appendAudit(tx, {
      stationId,
      actor: { kind: "USER", id: person.id },
      action: "BLIND_SHARE_SET",
      reason,
      evidence: { blindShare: share, previous: state.blindShare },
      at: new Date(),
    });
    return { ok: true, blindShare: share } as const;
  });
}
