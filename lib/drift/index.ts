// Drift: knowing when the world changed. The statistics (PSI with an alert
// threshold calibrated to the window sizes, the KS test, proportion tests) and
// the alerts' hysteresis are pure; monitor.ts runs them over a station's
// windows of predictions, stores each check, and opens and closes alerts in
// drift_alerts, where the automation ladder reads them.
import "server-only";

export { psi, psiAlertThreshold, histogram, PSI_BANDS } from "./psi.ts";
export { ksTwoSample, ksAgainstCdf, kolmogorovTail } from "./ks.ts";
export { chiSquareQuantile, chiSquareCdf } from "./chi-square.ts";
export {
  DRIFT_POLICY,
  dataChecks,
  predictionChecks,
  conceptChecks,
  twoProportionZ,
  zOneSided,
  type CheckResult,
  type DriftKind,
  type WindowRow,
  type ConceptCounts,
} from "./checks.ts";
export { nextAlertState, replayAlertState, CLOSED, type AlertState } from "./alerts.ts";
export { modelReference, baselineReference, decileCdf, FEATURES, type DriftReference, type Feature } from "./reference.ts";
export { checkDrift, LIVE_MAX_WINDOWS, stationReference, describeCheck, type DriftRunOutcome } from "./monitor.ts";
export { checkDriftSoon, driftCheckSettled } from "./check-soon.ts";
export { stationDrift, driftStations, type StationDrift, type FeatureView, type DriftAlertView } from "./view.ts";
export { setDriftReference, setDriftDemotes, baselineDays, MAY_SET_DRIFT_REFERENCE, MAY_SET_DRIFT_POLICY, type DriftSettingsRefusal } from "./settings.ts";
export { estimateSince, refitCalibration, MAY_REFIT_CALIBRATION } from "./estimate.ts";
export type { Estimated, PerformanceEstimate } from "./calibration.ts";
