import type { Db } from "../db/index.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { stationGateReport } from "./evidence.ts";
import { modelCoverageProblem } from "./coverage.ts";
import { startEvidence } from "./evidence-reset.ts";
import type { GateEvidence, GateReport } from "./gates.ts";
import { refuse } from "../refusals/index.ts";
import { appendAudit, evidenceSnapshot, lockStation, MAY_SET_CANDIDATE, MAY_SWITCH_MODELS, type LadderRefusal, type Person } from "./ladder.ts";
import { levelAbove } from "./levels.ts";

// Blue/green models: a candidate (green) predicts beside the active one (blue)
// on the same units; switching swaps them, so switching back is the same action.

export type ModelChangeResult = { ok: true; active: string | null; candidate: string | null } | LadderRefusal;

/** Makes a shipped model version the station's candidate, or clears it (version null). */
export async function setCandidateModel(db: Db, slug: string, person: Person, version: string | null, reason: string): Promise<ModelChangeResult> {
  if (!MAY_SET_CANDIDATE.includes(person.role)) return refuse("forbidden", "role", "Only engineers and managers set candidate models.");
  return db.$transaction(async (tx) => {
    const locked = await lockStation(tx, slug);
    if (!locked.ok) return locked;
    const { stationId, state } = locked;
    const model = version === null ? null : await tx.modelVersion.findUnique({ where: { version }, select: { id: true, version: true, artifactPath: true } });
    if (version !== null && !model) return refuse("not-found", "unknown-model", `No model version ${JSON.stringify(version)}.`);
    if (model && !model.artifactPath) return refuse("invalid", "no-artifact", `Model ${model.version} has no shipped artifact; browsers cannot run it.`);
    if (model && model.id === state.activeModelId) return refuse("invalid", "already-active", `${model.version} is already the active model.`);
    const uncovered = model ? await modelCoverageProblem(tx, stationId, model.id) : null;
    if (uncovered) return refuse("invalid", uncovered.reason, uncovered.detail);
    await tx.stationAutomation.update({ where: { stationId }, data: { candidateModelId: model?.id ?? null } });
    const previous = state.candidateModelId
      ? (await tx.modelVersion.findUnique({ where: { id: state.candidateModelId }, select: { version: true } }))?.version
      : null;
    await appendAudit(tx, {
      stationId,
      actor: { kind: "USER", id: person.id },
      action: model ? "CANDIDATE_SET" : "CANDIDATE_CLEARED",
      reason,
      evidence: { candidate: model?.version ?? null, previousCandidate: previous ?? null },
      at: new Date(),
    });
    return { ok: true, active: await versionOf(tx, state.activeModelId), candidate: model?.version ?? null } as const;
  });
}

async function versionOf(db: Pick<Db, "modelVersion">, id: string | null): Promise<string | null> {
  return id ? ((await db.modelVersion.findUnique({ where: { id }, select: { version: true } }))?.version ?? null) : null;
}

/**
 * Swaps the active and candidate models in one action: the old active model
 * becomes the candidate, still predicting beside the new one, ready to be
 * switched back. The gates of both, as they stood, go into the trail.
 */
export async function switchModels(db: Db, slug: string, person: Person, reason: string): Promise<ModelChangeResult> {
  if (!MAY_SWITCH_MODELS.includes(person.role)) return refuse("forbidden", "role", "Only managers switch the active model.");
  return db.$transaction(async (tx) => {
    const locked = await lockStation(tx, slug);
    if (!locked.ok) return locked;
    const { stationId, state } = locked;
    if (!state.candidateModelId) return refuse("conflict", "no-candidate", "The station has no candidate model to switch to.");
    const candidate = await tx.modelVersion.findUnique({ where: { id: state.candidateModelId }, select: { version: true, artifactPath: true } });
    if (!candidate?.artifactPath) return refuse("invalid", "no-artifact", `Model ${candidate?.version ?? ""} has no shipped artifact; browsers cannot run it.`);
    const uncovered = await modelCoverageProblem(tx, stationId, state.candidateModelId);
    if (uncovered) return refuse("invalid", uncovered.reason, uncovered.detail);
    const target = levelAbove(state.level) ?? state.level;
    const before = await stationGateReport(tx, state, target, state.activeModelId);
    const after = await stationGateReport(tx, state, target, state.candidateModelId);
    await tx.stationAutomation.update({ where: { stationId }, data: { activeModelId: state.candidateModelId, candidateModelId: state.activeModelId } });
    const from = await versionOf(tx, state.activeModelId);
    const at = new Date();
    // The evidence was the old model's: the new one starts its own.
    await startEvidence(tx, stationId, at, `${candidate.version} became active${from ? `, replacing ${from}` : ""}`);
    await appendAudit(tx, {
      stationId,
      actor: { kind: "USER", id: person.id },
      action: "MODEL_SWITCHED",
      reason,
      evidence: {
        from,
        to: candidate.version,
        gatesOfPrevious: evidenceSnapshot(before.report, before.evidence),
        gatesOfNew: evidenceSnapshot(after.report, after.evidence),
      },
      at,
    });
    return { ok: true, active: candidate.version, candidate: from } as const;
  });
}

export interface ModelSide {
  role: "ACTIVE" | "CANDIDATE";
  version: string;
  report: GateReport;
  evidence: GateEvidence;
}

/** Champion and challenger side by side: each one's gates for `targetLevel` on the era's units. */
export async function compareStationModels(db: Db, stationId: string, targetLevel: AutomationLevel): Promise<ModelSide[]> {
  const state = await db.stationAutomation.findUnique({ where: { stationId } });
  if (!state) return [];
  const sides: ModelSide[] = [];
  for (const [role, id] of [
    ["ACTIVE", state.activeModelId],
    ["CANDIDATE", state.candidateModelId],
  ] as const) {
    if (!id) continue;
    const version = await versionOf(db, id);
    const { report, evidence } = await stationGateReport(db, state, targetLevel, id);
    if (version) sides.push({ role, version, report, evidence });
  }
  return sides;
}

/** Versions a browser can run (shipped with an artifact), newest first: the choices for a candidate. */
export async function runnableModelVersions(db: Db): Promise<string[]> {
  const models = await db.modelVersion.findMany({ where: { artifactPath: { not: "" } }, orderBy: { createdAt: "desc" }, select: { version: true } });
  return models.map((model) => model.version);
}
