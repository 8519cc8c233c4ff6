import path from "node:path";

/** Where shipped model versions live: public/models/<version>/, served to browsers as /models/<version>/. */
export const MODELS_DIR = path.resolve(/*turbopackIgnore: true*/ "public/models");

/** Whether a string may name a model version (and so a folder). */
export function isModelVersion(version: string): boolean {
  return /^[a-z0-9][a-z0-9._-]{0,40}$/i.test(version) && !version.includes("..");
}

export function modelDir(version: string): string {
  if (!isModelVersion(version)) throw new Error(`Invalid model version ${JSON.stringify(version)}`);
  // UNDERSTUDY_MODELS_DIR puts versions elsewhere (a volume; a test's own folder).
  return path.join(/*turbopackIgnore: true*/ process.env.UNDERSTUDY_MODELS_DIR ?? MODELS_DIR, version);
}
