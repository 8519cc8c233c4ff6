// Human-vs-model evidence: agreement, kappa, confusion, per-class scores,
// calibration and the threshold what-if. The statistics are pure functions of
// counts; the counts come from named SQL aggregates over `comparisons`.
import "server-only";

export { wilsonInterval, Z_95, type Proportion } from "./wilson.ts";
export { confusionMatrixFromCounts, binaryMatrix, totalOf, diagonalOf, type ConfusionMatrix, type LabelPairCount } from "./confusion-matrix.ts";
export { agreementOf, cohensKappa, kappaStandardError } from "./agreement.ts";
export { classScoresOf, type ClassScores } from "./class-scores.ts";
export { calibrationOf, calibrationOfSamples, calibrationBinOf, type Calibration, type ReliabilityBin } from "./calibration.ts";
export { operatingPointOf, thresholdWhatIf, type OperatingPoint, type ScoreBinCounts } from "./threshold-what-if.ts";
export { CONFIDENCE_BINS, SCORE_BINS, DECISION_TIME_BINS, confidenceBinOf, scoreBinOf, decisionTimeBinOf, decisionTimeQuantile } from "./bins.ts";
export { LIGHTING_BUCKETS, lightingBucketOf, type LightingBucket } from "./lighting.ts";
export {
  evidenceFilterSchema,
  parseEvidenceFilter,
  resolveEvidenceFilter,
  rollupWhere,
  isoDay,
  DEFAULT_DAYS,
  type EvidenceFilter,
  type EvidenceFilterParams,
} from "./evidence-filter.ts";
export * from "./evidence-queries.ts";
export { evidenceDashboard, type Dashboard, type DayAgreement, type SliceAgreement, type ConfidenceBin, type TimeToDecideDay } from "./dashboard.ts";
export { filterOptions, labelsForFilter, type FilterOptions } from "./filter-options.ts";
export { describeEvidenceScope } from "./scope-description.ts";
export { automationBiasByInspector, automationBiasOf, type AutomationBiasRow, type AutomationBiasCounts } from "./automation-bias.ts";
export { toCsv, parseCsv } from "./csv.ts";
export { dashboardTables, type NumbersTable } from "./dashboard-tables.ts";
export { unitExportCsv, unitExportFileName, unitExportTotal, MAY_EXPORT_EVIDENCE, unitExportQuerySchema } from "./unit-export.ts";
