// The defect model: one preprocessing for training and the browser, the
// patch-scoring network, its evaluation, and inference in a Web Worker.
// Training code (tfjs in Node) lives in lib/model/training and is not exported here.
import "server-only";

export {
  MODEL_INPUT_SIZE,
  PREPROCESSING,
  INPUT_STATISTICS,
  preprocess,
  resizeRgb,
  type InputStatistics,
  type PhotoPixels,
  type Preprocessed,
} from "./preprocess.ts";
export { evaluate, decide, defectScore, rocAuc, calibration, chooseThreshold, type Evaluation, type ScoredPhoto } from "./evaluation.ts";
export type { ModelMetadata, ModelThresholds, FeatureReference } from "./metadata.ts";
export { chooseBackend, DefectModel, type BackendName, type ModelPrediction } from "./inference.ts";
export { demoModelOrder, shippedModels, shippedModel } from "./shipped.ts";
export { isCameraModel } from "./metadata.ts";
export { describeRegion, inspectionRegionSchema, regionFrom, regionMask, sameRegion, type InspectionRegion } from "./region.ts";
export { BACKENDS } from "./inference-backends.ts";
export { isModelVersion, modelDir } from "./model-dir.ts";
export { appModelRunner, isSamePrediction, serverModelRunner, type ServerModelRun } from "./server-model.ts";
// Retraining runs the app starts and the trainer process that works them.
export { cancelTrainingRun, listTrainingRuns, requestTrainingRun, type TrainingRunView } from "./training/runs.ts";
export { startTrainerIfNeeded } from "./training/start-trainer.ts";
