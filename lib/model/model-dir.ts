import path from "node:path";

/** Where shipped model versions live: public/models/<version>/, served to browsers as /models/<version>/. */
export const MODELS_DIR = path.resolve(/*turbopackIgnore: true*/ "public/models");

export function modelDir(version: string): string {
  if (!/^[a-z0-9][a-z0-9._-]{0,40}$/i.test(version)) throw new Error(`Invalid model version ${JSON.stringify(version)}`);
  return path.join(/*turbopackIgnore: true*/ MODELS_DIR, version);
}
