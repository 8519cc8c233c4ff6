import fs from "node:fs";
import path from "node:path";
import { dataDir } from "../db/index.ts";

/** Where shipped model versions live: public/models/<version>/, served to browsers as /models/<version>/. */
export const MODELS_DIR = path.resolve(/*turbopackIgnore: true*/ "public/models");

/**
 * tfjs's WebAssembly binaries for Node (the app's server, training's
 * evaluation): the copies `npm install` puts in public/tfjs-wasm/ for browsers.
 */
export const WASM_FILES_DIR = `${path.resolve(/*turbopackIgnore: true*/ "public/tfjs-wasm")}/`;

/** Whether a string may name a model version (and so a folder). */
export function isModelVersion(version: string): boolean {
  return /^[a-z0-9][a-z0-9._-]{0,40}$/i.test(version) && !version.includes("..");
}

function checked(version: string): string {
  if (!isModelVersion(version)) throw new Error(`Invalid model version ${JSON.stringify(version)}`);
  return version;
}

/**
 * Where `npm run train` writes a version to ship with the code: public/models,
 * or UNDERSTUDY_MODELS_DIR (a volume; a test's own folder).
 */
export function shippedModelDir(version: string): string {
  return path.join(/*turbopackIgnore: true*/ process.env.UNDERSTUDY_MODELS_DIR ?? MODELS_DIR, checked(version));
}

/**
 * Where a retraining run started from the app writes its version: beside the
 * app's data (<data dir>/models), never into the code, or UNDERSTUDY_MODELS_DIR.
 */
export function trainedModelDir(version: string): string {
  return path.join(/*turbopackIgnore: true*/ process.env.UNDERSTUDY_MODELS_DIR ?? path.join(dataDir(), "models"), checked(version));
}

/** Where a version's files are: shipped with the code, else trained by the app. */
export function modelDir(version: string): string {
  const shipped = shippedModelDir(version);
  if (process.env.UNDERSTUDY_MODELS_DIR || fs.existsSync(shipped)) return shipped;
  const trained = trainedModelDir(version);
  return fs.existsSync(trained) ? trained : shipped;
}
