import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { DefectModel } from "../inference.ts";
import type { FeatureReference, FinderMetadata, ModelMetadata } from "../metadata.ts";
import { INPUT_STATISTICS, type InputStatistics } from "../preprocess.ts";

export { MODELS_DIR, modelDir, shippedModelDir, trainedModelDir } from "../model-dir.ts";

/**
 * Writes model.json and weights.bin as tfjs's browser loader expects them;
 * another name (a version's phone finder) writes <name>.json and <name>.bin.
 */
export async function saveModel(model: tf.LayersModel, dir: string, name = "model"): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const weightsFile = name === "model" ? "weights.bin" : `${name}.bin`;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData ? tf.io.CompositeArrayBuffer.join(artifacts.weightData) : new ArrayBuffer(0);
      fs.writeFileSync(path.join(dir, weightsFile), Buffer.from(weights));
      const modelJson = {
        format: "layers-model",
        generatedBy: `TensorFlow.js v${tf.version.tfjs}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs }],
      };
      fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(modelJson));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON", weightDataBytes: weights.byteLength } };
    }),
  );
}

/** Loads a saved version's network (or, by its file, another network saved beside it) in Node. */
export async function loadModel(dir: string, file = "model.json"): Promise<tf.LayersModel> {
  const modelJson = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const weights = Buffer.concat(modelJson.weightsManifest.flatMap((group) => group.paths).map((part) => fs.readFileSync(path.join(dir, part))));
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
}

/** A saved version ready to predict in Node, with its phone finder if it has one; `metadata` instead of the version's own file. */
export async function loadDefectModel(dir: string, metadata: ModelMetadata = readMetadata(dir)): Promise<DefectModel> {
  const [model, finder] = await Promise.all([loadModel(dir), metadata.finder ? loadModel(dir, metadata.finder.file) : null]);
  return DefectModel.fromModel(model, metadata, finder);
}

/** A version's network files, and its phone finder's when it has one. */
export function artifactFiles(metadata: Pick<ModelMetadata, "finder">): string[] {
  const finder = metadata.finder ? [metadata.finder.file, metadata.finder.file.replace(/\.json$/, ".bin")] : [];
  return ["model.json", "weights.bin", ...finder];
}

/** Copies a version's phone finder into another version's folder (a version adapted from it keeps finding the phone). */
export function copyFinder(fromDir: string, toDir: string, finder: FinderMetadata): void {
  fs.mkdirSync(toDir, { recursive: true });
  for (const file of artifactFiles({ finder }).slice(2)) fs.copyFileSync(path.join(fromDir, file), path.join(toDir, file));
}

export function readMetadata(dir: string): ModelMetadata {
  return JSON.parse(fs.readFileSync(path.join(dir, "metadata.json"), "utf8")) as ModelMetadata;
}

export function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return (sorted[lower] as number) + ((sorted[upper] as number) - (sorted[lower] as number)) * (position - lower);
}

/** Mean, spread and deciles of every input statistic: the reference drift is measured against. */
export function referenceStatistics(statistics: readonly InputStatistics[]): Record<keyof InputStatistics, FeatureReference> {
  const entries = INPUT_STATISTICS.map((feature) => {
    const values = statistics.map((s) => s[feature]).sort((a, b) => a - b);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    return [feature, { mean, std, deciles: Array.from({ length: 11 }, (_, i) => quantile(values, i / 10)) }] as const;
  });
  return Object.fromEntries(entries) as Record<keyof InputStatistics, FeatureReference>;
}
