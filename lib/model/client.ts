// What client components may import from model: the browser's model worker
// and the shapes pages hand them (types only beyond the worker).
export { startModelWorker, ModelWorkerClient } from "./worker-client.ts";
export type { BackendName, ModelPrediction } from "./inference.ts";
export type { ModelMetadata } from "./metadata.ts";
export type { InspectionRegion } from "./region.ts";
export type { Evaluation } from "./evaluation.ts";
export type { TrainingRunView } from "./training/runs.ts";
