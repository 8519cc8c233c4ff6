import type { BackendName, ModelPrediction } from "./inference.ts";
import type { ModelMetadata } from "./metadata.ts";
import type { InspectionRegion } from "./region.ts";

/** Messages between the page and the model's Web Worker. */
export type ToWorker =
  | { type: "load"; modelUrl: string; metadata: ModelMetadata; backends: BackendName[]; region: InspectionRegion | null }
  | { type: "predict"; id: number; width: number; height: number; rgba: ArrayBuffer }
  /** An encoded photo (PNG/JPEG bytes), decoded inside the worker so the page never pays for it. */
  | { type: "predictEncoded"; id: number; bytes: ArrayBuffer };

export type FromWorker =
  | { type: "ready"; backend: BackendName; loadMs: number }
  | { type: "prediction"; id: number; prediction: ModelPrediction }
  | { type: "error"; id: number | null; message: string };
