import fs from "node:fs";
import path from "node:path";
import { isCameraModel, type ModelMetadata } from "./metadata.ts";

const MODELS_DIR = path.join(process.cwd(), "public", "models");

/** The model versions shipped in public/models/<version>/ (newest first). */
export function shippedModels(dir: string = MODELS_DIR): ModelMetadata[] {
  // Read at run time from public/, not bundled: tell the bundler not to trace it.
  if (!fs.existsSync(/*turbopackIgnore: true*/ dir)) return [];
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(/*turbopackIgnore: true*/ path.join(dir, entry.name, "metadata.json")))
    .map((entry) => JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, entry.name, "metadata.json"), "utf8")) as ModelMetadata)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function shippedModel(version: string, dir: string = MODELS_DIR): ModelMetadata | null {
  return shippedModels(dir).find((model) => model.version === version) ?? null;
}

/**
 * The shipped versions, the demo's model first: the newest that sees the
 * fixture's square photos the demo stations take (a camera model would be
 * blind on them), then the rest, newest first.
 */
export function demoModelOrder(models: readonly ModelMetadata[]): ModelMetadata[] {
  const demo = models.find((model) => !isCameraModel(model));
  return demo ? [demo, ...models.filter((model) => model !== demo)] : [...models];
}
