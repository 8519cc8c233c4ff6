// Drift: knowing when the world changed. The statistics here (PSI with an
// alert threshold calibrated to the window sizes, the two-sample KS test) are
// pure; alerts live in the drift_alerts table, where the automation ladder reads them.
export { psi, psiAlertThreshold, histogram, PSI_BANDS } from "./psi.ts";
export { ksTwoSample, kolmogorovTail } from "./ks.ts";
export { chiSquareQuantile, chiSquareCdf } from "./chi-square.ts";
