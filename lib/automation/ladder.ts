import { appendAudit, type Actor } from "../audit/index.ts";
import type { Db, DbOrTx } from "../db/index.ts";
import type { Prisma, StationAutomation } from "../generated/prisma/client.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { canaryStepsProblem, nextCanaryDecision } from "./canary.ts";
import { startEra } from "./eras.ts";
import { gateEvidence, parseGateOverrides, stationGateReport, type StationAutomationState } from "./evidence.ts";
import { breakingGates, describeUnmetGates, evaluateGates, gateTargetsFor, type GateEvidence, type GateReport } from "./gates.ts";
import { LEVEL_LABELS, levelAbove, levelBelow, levelRank } from "./levels.ts";
import { modelCoverageProblem } from "./coverage.ts";
import { modelMayDecide } from "./routing.ts";

// Moves on the ladder, each in one transaction that holds the station's
// automation row (so concurrent moves queue up) and appends its audit events.
import { refuse, type Refusal } from "../refusals/index.ts";

export type { Actor };
export { appendAudit };

export interface Person {
  id: string;
  role: "INSPECTOR" | "ENGINEER" | "MANAGER" | "ADMIN";
}

/** The ladder's refusals: who may not, no such station or request, not now, not like this. */
export type LadderRefusal = Refusal;

/** Who may ask for a promotion, and who may decide one. */
export const MAY_REQUEST_PROMOTION: readonly Person["role"][] = ["ENGINEER", "MANAGER", "ADMIN"];
export const MAY_DECIDE_PROMOTION: readonly Person["role"][] = ["MANAGER"];
export const MAY_SWITCH_MODELS: readonly Person["role"][] = ["MANAGER", "ADMIN"];
export const MAY_SET_CANDIDATE: readonly Person["role"][] = ["ENGINEER", "MANAGER", "ADMIN"];

/** The evidence as stored in the trail: what the gates said, and on which counts. */
export function evidenceSnapshot(report: GateReport, evidence: GateEvidence, extra: Record<string, unknown> = {}): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify({ ...extra, report, evidence })) as Prisma.InputJsonObject;
}

/** The station's automation row, locked for the rest of the transaction. */
export async function lockAutomation(tx: DbOrTx, stationId: string): Promise<StationAutomation | null> {
  await tx.$queryRaw`SELECT 1 FROM station_automation WHERE station_id = ${stationId}::uuid FOR UPDATE`;
  return tx.stationAutomation.findUnique({ where: { stationId } });
}

/** Sets the level (ending the era, opening the next), with or without a canary, and clears any canary otherwise. */
async function moveLevel(
  tx: DbOrTx,
  stationId: string,
  to: AutomationLevel,
  at: Date,
  canary: { fromLevel: AutomationLevel; steps: readonly number[] } | null = null,
): Promise<void> {
  await tx.stationAutomation.update({
    where: { stationId },
    data: canary
      ? {
          level: to,
          canaryFromLevel: canary.fromLevel,
          canaryShare: canary.steps[0] ?? 1,
          canarySteps: [...canary.steps],
          canaryStepIndex: 0,
          canaryStepStartedAt: at,
          eraStartedAt: at,
        }
      : { level: to, canaryFromLevel: null, canaryShare: 1, canarySteps: [], canaryStepIndex: 0, canaryStepStartedAt: null, eraStartedAt: at },
  });
  await startEra(tx, stationId, to, at);
}

async function stationIdOf(db: DbOrTx, slug: string): Promise<string | null> {
  return (await db.station.findUnique({ where: { slug }, select: { id: true } }))?.id ?? null;
}

/**
 * The station named by slug, with its automation row locked for the rest of
 * the transaction; a 404 refusal for an unknown slug (or a station without its
 * automation row, which createStation always makes).
 */
export async function lockStation(tx: DbOrTx, slug: string): Promise<{ ok: true; stationId: string; state: StationAutomation } | LadderRefusal> {
  const stationId = await stationIdOf(tx, slug);
  if (!stationId) return refuse("not-found", "unknown-station", `No station ${JSON.stringify(slug)}.`);
  const state = await lockAutomation(tx, stationId);
  if (!state) return refuse("not-found", "unknown-station", `No automation state for ${slug}.`);
  return { ok: true, stationId, state };
}

// ------------------------------------------------------------------ demotion

export type DemotionResult = { ok: true; stationId: string; from: AutomationLevel; to: AutomationLevel } | Refusal<"unknown-station" | "already-lowest">;

/**
 * Moves a station one level down at once: no gates, no approval. Mid-canary,
 * it rolls back to the level the canary started from.
 */
export async function demoteStation(db: Db, slug: string, actor: Actor, reason: string, evidence: Prisma.InputJsonObject = {}): Promise<DemotionResult> {
  return db.$transaction(async (tx) => {
    const stationId = await stationIdOf(tx, slug);
    if (!stationId) return refuse("not-found", "unknown-station", `No station ${JSON.stringify(slug)}.`);
    const state = await lockAutomation(tx, stationId);
    const from = state?.level ?? "HUMAN_ONLY";
    const to = state?.canaryFromLevel ?? levelBelow(from);
    if (!state || !to) return refuse("conflict", "already-lowest", "The station already runs with humans only; there is no lower level.");
    const at = new Date();
    await moveLevel(tx, stationId, to, at);
    await appendAudit(tx, {
      stationId,
      actor,
      action: "LEVEL_DEMOTED",
      reason,
      fromLevel: from,
      toLevel: to,
      evidence: { from, to, canaryFromLevel: state.canaryFromLevel, ...evidence },
      at,
    });
    return { ok: true, stationId, from, to } as const;
  });
}

// ------------------------------------------------------------------ promotion

export interface PromotionInput {
  toLevel: AutomationLevel;
  reason: string;
  /** Shares of units for a canary rollout, e.g. [0.1, 0.5, 1]; null or [1] for all units at once. */
  canarySteps: number[] | null;
}

export type PromotionRequestResult = { ok: true; requestId: string; report: GateReport } | LadderRefusal;

/** An engineer or manager asks for a station to move up; the gates are evaluated and kept with the request. */
export async function requestPromotion(db: Db, slug: string, requester: Person, input: PromotionInput): Promise<PromotionRequestResult> {
  if (!MAY_REQUEST_PROMOTION.includes(requester.role)) return refuse("forbidden", "role", "Only engineers and managers ask for promotions.");
  const stepsProblem = input.canarySteps ? canaryStepsProblem(input.canarySteps) : null;
  if (stepsProblem) return refuse("invalid", "canary-steps", stepsProblem);
  return db.$transaction(async (tx) => {
    const locked = await lockStation(tx, slug);
    if (!locked.ok) return locked;
    const { stationId, state } = locked;
    const refusal = await promotionProblem(tx, state, input.toLevel);
    if (refusal) return refusal;
    const pending = await tx.promotionRequest.findFirst({ where: { stationId, status: "PENDING" }, select: { id: true } });
    if (pending) return refuse("conflict", "already-requested", "This station already has a promotion waiting for a decision.");
    const { report, evidence } = await stationGateReport(tx, state, input.toLevel);
    const at = new Date();
    const canarySteps = input.canarySteps && input.canarySteps[0] !== 1 ? input.canarySteps : [];
    const request = await tx.promotionRequest.create({
      data: {
        stationId,
        fromLevel: state.level,
        toLevel: input.toLevel,
        reason: input.reason,
        canarySteps,
        evidence: evidenceSnapshot(report, evidence),
        requestedById: requester.id,
        createdAt: at,
      },
    });
    await appendAudit(tx, {
      stationId,
      actor: { kind: "USER", id: requester.id },
      action: "PROMOTION_REQUESTED",
      reason: input.reason,
      fromLevel: state.level,
      toLevel: input.toLevel,
      evidence: evidenceSnapshot(report, evidence, { requestId: request.id, canarySteps }),
      at,
    });
    return { ok: true, requestId: request.id, report } as const;
  });
}

/**
 * Why a station cannot move to `toLevel` now, whatever the evidence says. The
 * ladder is climbed one level at a time: the evidence for a level is gathered
 * at the level below it (blind units at AI assistance are the evidence for
 * partial, the audit share at partial for full), so a skipped level is
 * evidence never gathered, and no override can waive it.
 */
async function promotionProblem(tx: DbOrTx, state: StationAutomationState, toLevel: AutomationLevel): Promise<LadderRefusal | null> {
  if (state.canaryFromLevel) return refuse("conflict", "canary-running", "A canary is still rolling out on this station; let it finish or roll it back first.");
  if (levelRank(toLevel) <= levelRank(state.level)) {
    return refuse("invalid", "not-a-promotion", `The station already runs at ${LEVEL_LABELS[state.level]}; a promotion must go higher.`);
  }
  const next = levelAbove(state.level);
  if (toLevel !== next) {
    return refuse(
      "invalid",
      "skips-a-level",
      `Promotions go one level at a time: from ${LEVEL_LABELS[state.level]} the next level is ${next ? LEVEL_LABELS[next] : "none"}, not ${LEVEL_LABELS[toLevel]}.`,
    );
  }
  if (!state.activeModelId) return refuse("invalid", "no-model", "The station has no active model to promote.");
  const model = await tx.modelVersion.findUnique({ where: { id: state.activeModelId }, select: { version: true, artifactPath: true } });
  if (!model?.artifactPath) return refuse("invalid", "no-artifact", `Model ${model?.version ?? ""} has no shipped artifact; browsers cannot run it.`);
  const uncovered = await modelCoverageProblem(tx, state.stationId, state.activeModelId);
  if (uncovered) return refuse("invalid", uncovered.reason, uncovered.detail);
  return null;
}

export interface PromotionDecision {
  decision: "approve" | "reject";
  reason: string;
  /** Needed to approve while a gate does not pass; kept in the trail for good. */
  overrideReason?: string | null;
}

export type PromotionDecisionResult =
  { ok: true; status: "APPROVED" | "REJECTED"; level: AutomationLevel; canaryShare: number; report: GateReport } | (LadderRefusal & { unmetGates?: string[] });

/**
 * A manager approves or rejects a pending request. The gates are evaluated
 * again on today's evidence; approving over a gate that does not pass needs
 * an override reason.
 */
export async function decidePromotion(db: Db, requestId: string, decider: Person, input: PromotionDecision): Promise<PromotionDecisionResult> {
  if (!MAY_DECIDE_PROMOTION.includes(decider.role)) return refuse("forbidden", "role", "Only managers approve or reject promotions.");
  return db.$transaction(async (tx) => {
    const found = await tx.promotionRequest.findUnique({ where: { id: requestId }, select: { stationId: true } });
    if (!found) return refuse("not-found", "unknown-request", `No promotion request ${requestId}.`);
    // Every decision holds the station's automation row before it reads the
    // request: a second decision waits here, then reads the first one's
    // outcome and is refused, so the request, the level and the trail agree.
    const state = await lockAutomation(tx, found.stationId);
    if (!state) return refuse("not-found", "unknown-station", "The station of this request is gone.");
    const request = await tx.promotionRequest.findUniqueOrThrow({ where: { id: requestId } });
    if (request.status !== "PENDING") return refuse("conflict", "already-decided", `This request was already ${request.status.toLowerCase()}.`);
    const isOwnRequest = request.requestedById === decider.id;
    if (input.decision === "approve" && isOwnRequest && !state.singlePersonApproval) {
      return refuse("forbidden", "four-eyes", "A promotion needs the approval of a manager other than the one who asked for it.");
    }
    const actor: Actor = { kind: "USER", id: decider.id };
    const at = new Date();
    const { report, evidence } = await stationGateReport(tx, state, request.toLevel);
    if (input.decision === "reject") {
      await tx.promotionRequest.update({
        where: { id: requestId },
        data: { status: "REJECTED", decidedById: decider.id, decisionReason: input.reason, decidedAt: at },
      });
      await appendAudit(tx, {
        stationId: state.stationId,
        actor,
        action: "PROMOTION_REJECTED",
        reason: input.reason,
        fromLevel: request.fromLevel,
        toLevel: request.toLevel,
        evidence: evidenceSnapshot(report, evidence, { requestId }),
        at,
      });
      return { ok: true, status: "REJECTED", level: state.level, canaryShare: state.canaryShare, report } as const;
    }
    if (state.level !== request.fromLevel) {
      return refuse("conflict", "stale", `The station moved to ${LEVEL_LABELS[state.level]} since this request; ask again from there.`);
    }
    const problem = await promotionProblem(tx, state, request.toLevel);
    if (problem) return problem;
    const unmetGates = describeUnmetGates(report);
    const overrideReason = input.overrideReason?.trim() || null;
    if (!report.passed && !overrideReason) {
      return { ...refuse("invalid", "gates-unmet", `Gates do not pass: ${unmetGates.join("; ")}. Approving anyway needs an override reason.`), unmetGates };
    }
    const steps = Array.isArray(request.canarySteps) ? (request.canarySteps as number[]) : [];
    const canary = steps.length > 0 && (steps[0] as number) < 1 ? { fromLevel: state.level, steps } : null;
    await tx.promotionRequest.update({
      where: { id: requestId },
      data: {
        status: "APPROVED",
        decidedById: decider.id,
        decisionReason: input.reason,
        overrideReason: report.passed ? null : overrideReason,
        decidedAt: at,
        evidence: evidenceSnapshot(report, evidence),
      },
    });
    const snapshot = evidenceSnapshot(report, evidence, { requestId, canarySteps: steps });
    const levels = { fromLevel: state.level, toLevel: request.toLevel };
    await appendAudit(tx, { stationId: state.stationId, actor, action: "PROMOTION_APPROVED", reason: input.reason, ...levels, evidence: snapshot, at });
    if (!report.passed) {
      await appendAudit(tx, {
        stationId: state.stationId,
        actor,
        action: "GATES_OVERRIDDEN",
        reason: `${overrideReason} (unmet: ${unmetGates.join("; ")})`,
        ...levels,
        evidence: snapshot,
        at,
      });
    }
    if (isOwnRequest) {
      const why = "Approved by the manager who asked for it: an admin allows single-person approval at this station";
      await appendAudit(tx, { stationId: state.stationId, actor, action: "SINGLE_PERSON_APPROVAL", reason: why, ...levels, evidence: snapshot, at });
    }
    await moveLevel(tx, state.stationId, request.toLevel, at, canary);
    await appendAudit(tx, {
      stationId: state.stationId,
      actor,
      action: canary ? "CANARY_STARTED" : "LEVEL_PROMOTED",
      reason: canary ? `${Math.round((canary.steps[0] as number) * 100)}% of units at ${LEVEL_LABELS[request.toLevel]} first` : input.reason,
      ...levels,
      evidence: snapshot,
      at,
    });
    return { ok: true, status: "APPROVED", level: request.toLevel, canaryShare: canary ? (canary.steps[0] as number) : 1, report } as const;
  });
}

// ------------------------------------------------------------------ automatic review

export type ReviewOutcome =
  | { action: "none" }
  | { action: "canary-held"; why: string }
  | { action: "canary-widened"; share: number }
  | { action: "canary-completed" }
  | { action: "canary-rolled-back"; to: AutomationLevel }
  | { action: "demoted"; from: AutomationLevel; to: AutomationLevel };

const SYSTEM: Actor = { kind: "SYSTEM", id: null };

/**
 * What the station's evidence now asks for, done at once: a canary widens,
 * completes or rolls back; a station running the model alone (PARTIAL, FULL)
 * whose gates break (agreement drop, drift alert) is demoted one level.
 */
export async function reviewStation(db: Db, stationId: string): Promise<ReviewOutcome> {
  // Most stations are in neither state: answer them without a transaction or a lock.
  const glance = await db.stationAutomation.findUnique({ where: { stationId } });
  if (!glance || (!glance.canaryFromLevel && !modelMayDecide(glance.level))) return { action: "none" };
  // Nearly every review changes nothing: it reads without the row lock, so it writes nothing and costs no commit.
  // Only when a change is due does it lock the row and decide again on what it then reads, so two instances act once.
  const seen = await reviewOf(db, glance, new Date(), { act: false });
  if (seen.action === "none" || seen.action === "canary-held") return seen;
  return db.$transaction(async (tx) => {
    const state = await lockAutomation(tx, stationId);
    return state ? reviewOf(tx, state, new Date(), { act: true }) : ({ action: "none" } as const);
  });
}

/** What the station's evidence asks for; with `act`, done (the row locked by the caller). */
async function reviewOf(tx: DbOrTx, state: StationAutomationState, at: Date, { act }: { act: boolean }): Promise<ReviewOutcome> {
  if (state.canaryFromLevel) return reviewCanary(tx, state, state.canaryFromLevel, at, act);
  if (!modelMayDecide(state.level)) return { action: "none" };
  const { report, evidence } = await stationGateReport(tx, state, state.level);
  // A station's policy may keep it at its level through a drift alert (the alert still blocks promotions).
  const breaking = breakingGates(report.gates, evidence.units, state);
  if (breaking.length === 0) return { action: "none" };
  const to = levelBelow(state.level) as AutomationLevel;
  const outcome = { action: "demoted", from: state.level, to } as const;
  if (!act) return outcome;
  await moveLevel(tx, state.stationId, to, at);
  await appendAudit(tx, {
    stationId: state.stationId,
    actor: SYSTEM,
    action: "LEVEL_DEMOTED",
    reason: `Automatic: ${describeUnmetGates({ ...report, gates: breaking }).join("; ")}`,
    fromLevel: state.level,
    toLevel: to,
    evidence: evidenceSnapshot(report, evidence),
    at,
  });
  return outcome;
}

async function reviewCanary(tx: DbOrTx, state: StationAutomationState, fromLevel: AutomationLevel, at: Date, act: boolean): Promise<ReviewOutcome> {
  const steps = Array.isArray(state.canarySteps) ? (state.canarySteps as number[]) : [];
  const targets = gateTargetsFor(state.level, parseGateOverrides(state.gateOverrides));
  // A step is judged on its own units at the new level, against the level's
  // targets, with the step's minimum sample in place of the level's.
  const stepTargets = targets && { ...targets, minUnits: state.canaryMinUnits, minDefects: 0 };
  const evidence = state.activeModelId
    ? await gateEvidence(tx, {
        stationId: state.stationId,
        modelVersionId: state.activeModelId,
        since: state.canaryStepStartedAt ?? state.eraStartedAt,
        level: state.level,
        decidingAt: { level: state.level, okThreshold: state.okThreshold, defectThreshold: state.defectThreshold },
      })
    : null;
  if (!evidence) return { action: "none" };
  const report = evaluateGates(evidence, state.level, stepTargets);
  const decision = nextCanaryDecision({ steps, stepIndex: state.canaryStepIndex, minUnitsPerStep: state.canaryMinUnits }, report, evidence.units);
  const snapshot = evidenceSnapshot(report, evidence, { canarySteps: steps, stepIndex: state.canaryStepIndex, share: state.canaryShare });
  const levels = { fromLevel: fromLevel, toLevel: state.level };
  switch (decision.action) {
    case "hold":
      return { action: "canary-held", why: decision.why };
    case "widen":
      if (!act) return { action: "canary-widened", share: decision.share };
      await tx.stationAutomation.update({
        where: { stationId: state.stationId },
        data: { canaryShare: decision.share, canaryStepIndex: decision.stepIndex, canaryStepStartedAt: at },
      });
      await appendAudit(tx, {
        stationId: state.stationId,
        actor: SYSTEM,
        action: "CANARY_WIDENED",
        reason: `Gates pass on ${evidence.units} units: ${Math.round(decision.share * 100)}% of units now at ${LEVEL_LABELS[state.level]}`,
        ...levels,
        evidence: snapshot,
        at,
      });
      return { action: "canary-widened", share: decision.share };
    case "complete":
      if (!act) return { action: "canary-completed" };
      await tx.stationAutomation.update({
        where: { stationId: state.stationId },
        data: { canaryFromLevel: null, canaryShare: 1, canarySteps: [], canaryStepIndex: 0, canaryStepStartedAt: null },
      });
      await appendAudit(tx, {
        stationId: state.stationId,
        actor: SYSTEM,
        action: "CANARY_COMPLETED",
        reason: `Gates pass on ${evidence.units} units at every unit: the canary is done`,
        ...levels,
        evidence: snapshot,
        at,
      });
      return { action: "canary-completed" };
    case "roll-back":
      if (!act) return { action: "canary-rolled-back", to: fromLevel };
      await moveLevel(tx, state.stationId, fromLevel, at);
      await appendAudit(tx, {
        stationId: state.stationId,
        actor: SYSTEM,
        action: "CANARY_ROLLED_BACK",
        reason: `Automatic: ${describeUnmetGates({ ...report, gates: breakingGates(report.gates, evidence.units) }).join("; ")}`,
        fromLevel: state.level,
        toLevel: fromLevel,
        evidence: snapshot,
        at,
      });
      return { action: "canary-rolled-back", to: fromLevel };
  }
}
