import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { FeatureReference, ModelMetadata } from "../metadata.ts";
import { INPUT_STATISTICS, type InputStatistics } from "../preprocess.ts";

export { MODELS_DIR, modelDir, shippedModelDir, trainedModelDir } from "../model-dir.ts";

/** Writes model.json and weights.bin as tfjs's browser loader expects them. */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData ? tf.io.CompositeArrayBuffer.join(artifacts.weightData) : new ArrayBuffer(0);
      fs.writeFileSync(path.join(dir, "weights.bin"), Buffer.from(weights));
      const modelJson = {
        format: "layers-model",
        generatedBy: `TensorFlow.js v${tf.version.tfjs}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs }],
      };
      fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify(modelJson));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON", weightDataBytes: weights.byteLength } };
    }),
  );
}

/** Loads a saved version in Node (for evaluation and tests). */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const modelJson = JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8")) as {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  const weights = fs.readFileSync(path.join(dir, "weights.bin"));
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
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
