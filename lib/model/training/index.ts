// The training side of the model, as the rest of lib/ uses it: a version's
// saved weights and metadata, registering a version in the database, the
// retraining runs the app queues, and the labels.csv an import reads. The
// trainer itself (scripts/train.ts, scripts/trainer.ts) reaches further in.
export { loadDefectModel, loadModel, readMetadata } from "./artifacts.ts";
export { upsertModelVersion } from "./register.ts";
export { MAY_TRAIN, trainingRunOptionsSchema } from "./runs.ts";
