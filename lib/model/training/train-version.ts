import { adaptCameraVersion } from "./camera-adapt.ts";
import { CAMERA_DATA, isCameraRequest, trainCameraVersion } from "./camera.ts";
import { findPhoneVersion } from "./finder.ts";
import { TrainingRefused, trainVersion, type TrainingHooks, type TrainingOutcome, type TrainingRequest } from "./pipeline.ts";

/** Trains any version a request asks for: the camera model, a camera model adapted to a line, or the square model. */
export async function trainModelVersion(request: TrainingRequest, hooks: TrainingHooks): Promise<TrainingOutcome> {
  if (request.newClassesOnly && !request.initFrom)
    throw new TrainingRefused("learning only the new classes needs a version to start from (--init-from, or the station's active model)");
  // Only the camera trainer draws its own training photos; a finder, a line's photos or the square model would ignore the flag.
  if (request.variedLamps && (request.findPhone || request.data !== CAMERA_DATA))
    throw new TrainingRefused(`--varied-lamps draws the camera model's synthetic training photos: --data ${CAMERA_DATA}, without --find-phone`);
  if (request.findPhone) return findPhoneVersion(request, hooks);
  if (request.data === CAMERA_DATA) return trainCameraVersion(request, hooks);
  if (isCameraRequest(request)) return adaptCameraVersion(request, hooks);
  return trainVersion(request, hooks);
}
