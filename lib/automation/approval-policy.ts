import type { Db } from "../db/index.ts";
import { appendAudit, lockStation, type LadderRefusal, type Person } from "./ladder.ts";

/** Only an admin decides whether one manager may both ask for and approve a promotion. */
export const MAY_SET_APPROVAL_POLICY: readonly Person["role"][] = ["ADMIN"];

/**
 * Allows or forbids single-person approval at a station. Off by default: a
 * promotion then needs a second manager. A small plant with one manager may
 * need it on; every such approval is marked in the trail
 * (SINGLE_PERSON_APPROVAL), and the change itself is audited.
 */
export async function setApprovalPolicy(
  db: Db,
  slug: string,
  person: Person,
  singlePersonApproval: boolean,
  reason: string,
): Promise<{ ok: true; singlePersonApproval: boolean } | LadderRefusal> {
  if (!MAY_SET_APPROVAL_POLICY.includes(person.role))
    return { ok: false, kind: "forbidden", reason: "role", detail: "Only admins set who may approve promotions." };
  return db.$transaction(async (tx) => {
    const locked = await lockStation(tx, slug);
    if (!locked.ok) return locked;
    const { stationId, state } = locked;
    if (state.singlePersonApproval === singlePersonApproval) return { ok: true, singlePersonApproval } as const;
    await tx.stationAutomation.update({ where: { stationId }, data: { singlePersonApproval } });
    await appendAudit(tx, {
      stationId,
      actor: { kind: "USER", id: person.id },
      action: "APPROVAL_POLICY_SET",
      reason,
      evidence: { singlePersonApproval, previous: state.singlePersonApproval },
      at: new Date(),
    });
    return { ok: true, singlePersonApproval } as const;
  });
}
