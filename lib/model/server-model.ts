import fs from "node:fs";
import path from "node:path";
import { decodeImage, type CaptureStore } from "../captures/index.ts";
import { chooseBackend, DefectModel } from "./inference.ts";
import type { ModelMetadata } from "./metadata.ts";
import { modelDir, WASM_FILES_DIR } from "./model-dir.ts";
import { isCameraModel } from "./metadata.ts";
import type { InspectionRegion } from "./region.ts";
import { loadDefectModel } from "./training/artifacts.ts";

// The model, run by the server on a stored photo (tfjs's pure-JS cpu backend
// in Node, or wasm once a camera model is loaded; the same preprocessing as
// the browser). A unit is decided by the
// model alone only on the server's own run: a browser's prediction is a claim
// any signed-in client can forge.

/** What the server's own run of a model said of a unit's photo. */
export interface ServerPrediction {
  decision: string;
  defectScore: number;
}

/**
 * Runs a model version on a unit's stored photo, scoring only the station's
 * region of interest as the browser does; null where the photo or the model
 * cannot be read.
 */
export type ServerModelRun = (capture: { storageKey: string }, version: string, region: InspectionRegion | null) => Promise<ServerPrediction | null>;

/**
 * How far a browser's P(defect) may stand from the server's and still be the
 * same prediction: WebGL, wasm and cpu differ by float rounding (1e-5 here),
 * far under this; a forged or tampered one differs by far more, or decides
 * otherwise.
 */
export const VERIFY_TOLERANCE = 0.02;

/** Whether a browser's prediction is the one the server's own run made. */
export function isSamePrediction(browser: ServerPrediction, server: ServerPrediction): boolean {
  return browser.decision === server.decision && Math.abs(browser.defectScore - server.defectScore) <= VERIFY_TOLERANCE;
}

/** A runner over the app's photo store, each model loaded once from public/models and kept. */
export function serverModelRunner(store: CaptureStore): ServerModelRun {
  const models = new Map<string, Promise<DefectModel | null>>();
  const load = async (version: string): Promise<DefectModel | null> => {
    const dir = modelDir(version);
    if (!fs.existsSync(/*turbopackIgnore: true*/ path.join(dir, "model.json"))) return null;
    const metadata = JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, "metadata.json"), "utf8")) as ModelMetadata;
    // A camera model's whole frame takes the cpu backend ~0.8 s, blocking the server; wasm ~15 ms (bench/results/).
    if (isCameraModel(metadata)) await chooseBackend(["wasm", "cpu"], WASM_FILES_DIR);
    return loadDefectModel(dir, metadata);
  };
  return async (capture, version, region) => {
    let model = models.get(version);
    if (!model) {
      model = load(version).catch(() => null);
      models.set(version, model);
    }
    const loaded = await model;
    const bytes = await store.get(capture.storageKey);
    if (!loaded || !bytes) return null;
    const photo = decodeImage(bytes);
    const { decision, defectScore } = await loaded.predict({ width: photo.width, height: photo.height, rgba: photo.rgba }, region);
    return { decision, defectScore };
  };
}

let appRunner: ServerModelRun | null = null;

/** The app's one runner (models stay loaded across requests). */
export function appModelRunner(store: CaptureStore): ServerModelRun {
  appRunner ??= serverModelRunner(store);
  return appRunner;
}
