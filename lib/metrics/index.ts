// Human-vs-model evidence: how much there is and how often the two agree,
// computed in SQL over the verdict and prediction tables.
export { stationEvidence, type StationEvidence } from "./station-summary.ts";
