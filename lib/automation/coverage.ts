import type { DbOrTx } from "../db/index.ts";
import { type ModelMetadata, isCameraModel } from "../model/metadata.ts";
import { classesNotCovered, coverageProblem } from "../stations/index.ts";

/** Why a model cannot run at a station: a refusal's reason code and its words. */
export interface CoverageProblem {
  reason: "classes-not-covered" | "photos-too-small";
  detail: string;
}

/**
 * A camera model sees a hairline at a third of a 1920-pixel photo's width;
 * on a photo narrower than half of that it would be blind, whatever it says.
 */
export const CAMERA_MODEL_MIN_PHOTO_WIDTH = 960;

/**
 * Why a model version cannot run at a station, or null when it can: it must
 * know every defect class the station uses, and a camera model needs the
 * station's photos at camera resolution. Asked wherever a model is given a
 * station (candidate, switch) and before the station moves up with it.
 */
export async function modelCoverageProblem(tx: DbOrTx, stationId: string, modelId: string): Promise<CoverageProblem | null> {
  const [model, classes, latest] = await Promise.all([
    tx.modelVersion.findUnique({ where: { id: modelId }, select: { version: true, classes: true, metadata: true } }),
    tx.defectClass.findMany({ where: { stationId }, select: { key: true, retiredAt: true } }),
    tx.capture.findFirst({ where: { stationId }, orderBy: { capturedAt: "desc" }, select: { width: true, height: true } }),
  ]);
  if (!model) return null;
  const missing = coverageProblem(model.version, classesNotCovered(model.classes as string[], classes));
  if (missing) return { reason: "classes-not-covered", detail: missing };
  const metadata = model.metadata as unknown as Pick<ModelMetadata, "input"> | null;
  if (metadata && isCameraModel(metadata) && latest?.width && latest.width < CAMERA_MODEL_MIN_PHOTO_WIDTH) {
    return {
      reason: "photos-too-small",
      detail: `Model ${model.version} is a camera model for 1920x1080 photos; this station's photos are ${latest.width}x${latest.height}, too small for it to see a hairline. Use a model trained on photos like the station's.`,
    };
  }
  return null;
}
