// The automation ladder: each station's level, and the moves up (on evidence,
// with approval, through canary steps) and down (one click, or by itself when
// a gate breaks); blue/green models; the what-if replay; the audit trail.
import "server-only";

export { LEVELS, LEVEL_LABELS, levelRank, levelAbove, levelBelow, mayDecideAlone } from "./levels.ts";
export { auditEvents, auditFilterSchema, AUDIT_ACTIONS, type AuditEntry, type AuditFilter } from "./audit.ts";
export { modelDecides, modelMayDecide, routeUnit, unitLevel, unitFraction, type Route, type RoutingPolicy } from "./routing.ts";
export { unitViewsOf, type UnitView } from "./unit-levels.ts";
export { startEra } from "./eras.ts";
export {
  GATE_DEFAULTS,
  GATED_LEVELS,
  evaluateGates,
  gateTargetsFor,
  describeUnmetGates,
  moreUnitsInWords,
  type GateEvidence,
  type GateReport,
  type GateResult,
  type GateTargets,
} from "./gates.ts";
export { DEFAULT_CANARY_STEPS, DEFAULT_CANARY_STEP_UNITS, canaryStepsProblem, nextCanaryDecision } from "./canary.ts";
export { gateEvidence, stationGateReport, type StationAutomationState, parseGateOverrides } from "./evidence.ts";
export {
  demoteStation,
  requestPromotion,
  decidePromotion,
  reviewStation,
  lockStation,
  MAY_REQUEST_PROMOTION,
  MAY_DECIDE_PROMOTION,
  MAY_SWITCH_MODELS,
  MAY_SET_CANDIDATE,
  type DemotionResult,
  type Actor,
  type Person,
  type LadderRefusal,
  type ReviewOutcome,
} from "./ladder.ts";
export { DEFAULT_BLIND_SHARE, BLIND_SHARE_RANGE, isBlindUnit, showsSuggestion } from "./blind.ts";
export { setBlindShare, MAY_SET_BLIND_SHARE } from "./blind-share.ts";
export { resetEvidence, startEvidence, MAY_RESET_EVIDENCE } from "./evidence-reset.ts";
export { setApprovalPolicy, MAY_SET_APPROVAL_POLICY } from "./approval-policy.ts";
export { setCandidateModel, switchModels, compareStationModels, runnableModelVersions, type ModelSide } from "./models.ts";
export { replayWhatIf, whatIfFromCounts, whatIfLevels, type WhatIfProposal, type WhatIfResult } from "./what-if.ts";
export { reviewStationSoon } from "./review-soon.ts";
export { automationOverview, type StationOverview } from "./overview.ts";
export { stationHeadline, type StationHeadline } from "./headline.ts";
export { escapeGate } from "./gates.ts";
export { auditSample, AUDIT_ROLLING_DAYS, type AuditFigures, type AuditSample, AUDIT_REFERENCE } from "./audit-sample.ts";
export { escapeRates, recordEscape, DECIDER_LABELS, ESCAPE_WINDOW_DAYS, MAY_REPORT_ESCAPES, type EscapeRate, escapeInputSchema } from "./escapes.ts";
export { escapeGateEvidence, escapeGateOf, MAY_SET_ESCAPE_GATE, escapeGateSchema } from "./escape-gate.ts";
export { importEscapes, ESCAPE_IMPORT_MAX_BYTES, type EscapeImportResult } from "./escape-import.ts";
export { setEscapeGate } from "./set-escape-gate.ts";
export { modelCoverageProblem } from "./coverage.ts";
