// What a model version's metadata says, and the input statistics photos are
// measured with: a door of model's beside index.ts, client.ts and
// training/index.ts, without tfjs, for code every server instance loads at
// start (the background sweeper and photo retention, through automation and
// drift) that must not load the model stack a second time in
// instrumentation's own module graph (scripts/instrumentation-graph.test.ts).
import type { InputStatistics } from "./preprocess.ts";

export { INPUT_STATISTICS, type InputStatistics } from "./preprocess.ts";
export { describeRegion, inspectionRegionSchema, regionFrom, regionMask, sameRegion, type InspectionRegion } from "./region.ts";

/** A feature's distribution in the training data: the drift reference. */
export interface FeatureReference {
  mean: number;
  std: number;
  /** Deciles (0%, 10%, ..., 100%): bin edges for PSI with equal-mass reference bins. */
  deciles: number[];
}

export interface ModelThresholds {
  /** P(defect) at or above which the model calls the unit defective. */
  decision: number;
  /** Below this the model may pass a unit alone (PARTIAL/FULL). */
  autoOk: number;
  /** At or above this the model may reject a unit alone (PARTIAL/FULL). */
  autoDefect: number;
  /** Per defect class weights used to pick the class of a defect (see decide()). */
  classWeights?: number[];
}

/** metadata.json beside model.json in public/models/<version>/. */
export interface ModelMetadata {
  version: string;
  createdAt: string;
  /** Defect classes in output order; "ok" is the absence of all. */
  classes: string[];
  inputSize: number;
  /**
   * What the model sees: absent for the square models (the photo shrunk to
   * inputSize x inputSize grey), or the whole frame in colour at `width`
   * pixels wide (camera models, see preprocessFrame).
   */
  input?: { kind: "frame"; width: number };
  preprocessing: Record<string, string | number>;
  /** Side of the square grid of patch scores (the heatmap). */
  heatmapSize: number;
  thresholds: ModelThresholds;
  reference: Record<keyof InputStatistics, FeatureReference>;
  training: Record<string, unknown>;
  evaluation: Record<string, unknown>;
  /** A camera version that finds the phone itself (lib/model/finder.ts): its scores count only the patches on it. */
  finder?: FinderMetadata;
}

/** What a camera version's metadata records of its phone finder. */
export interface FinderMetadata {
  /** The finder's model file in the version's directory (its weights beside it, as its manifest names them). */
  file: string;
  /** How it was trained, and how well it found phones on photos it never saw. */
  training: Record<string, unknown>;
}

/** Whether a version sees whole camera frames (1920x1080 photos) rather than the fixture's square photos. */
export function isCameraModel(model: Pick<ModelMetadata, "input">): boolean {
  return model.input?.kind === "frame";
}
