import * as tf from "@tensorflow/tfjs";
import { withHeatmap } from "./architecture.ts";
import { decide, defectScore } from "./evaluation.ts";
import type { ModelMetadata } from "./metadata.ts";
import { MODEL_INPUT_SIZE, preprocess, type InputStatistics, type PhotoPixels } from "./preprocess.ts";

import { BACKENDS, type BackendName } from "./inference-backends.ts";

export { BACKENDS, type BackendName };

export interface ModelPrediction {
  modelVersion: string;
  /** Per defect class probability. */
  scores: Record<string, number>;
  /** "ok" or a defect class, at the model's operating threshold. */
  decision: string;
  /** Probability of the decision: P(defect class) for a defect, 1 - P(defect) for ok. */
  confidence: number;
  defectScore: number;
  /** heatmapSize x heatmapSize patch scores, 0..1, row-major: where the model looks. */
  heatmap: number[];
  heatmapSize: number;
  latencyMs: number;
  backend: string;
  statistics: InputStatistics;
}

/**
 * Picks the first backend that initialises, in the order given. WebGL needs
 * a GPU context (OffscreenCanvas in a worker); wasm needs its .wasm files
 * served by the app (`/tfjs-wasm/`); cpu always works.
 */
export async function chooseBackend(preferred: readonly BackendName[] = BACKENDS, wasmPath = "/tfjs-wasm/"): Promise<BackendName> {
  for (const name of preferred) {
    try {
      if (name === "wasm") {
        const wasm = await import("@tensorflow/tfjs-backend-wasm");
        wasm.setWasmPaths(wasmPath);
      }
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch {
      // Not available here: try the next one.
    }
  }
  throw new Error(`None of the backends ${preferred.join(", ")} could start`);
}

/** A loaded model version, ready to predict on photos one at a time. */
export class DefectModel {
  private constructor(
    private readonly model: tf.LayersModel,
    readonly metadata: ModelMetadata,
  ) {}

  static async load(baseUrl: string, metadata: ModelMetadata): Promise<DefectModel> {
    return DefectModel.fromModel(await tf.loadLayersModel(`${baseUrl.replace(/\/$/, "")}/model.json`), metadata);
  }

  /** Wraps a model already in memory (tests, Node) and warms it up. */
  static fromModel(trained: tf.LayersModel, metadata: ModelMetadata): DefectModel {
    const model = withHeatmap(trained);
    const loaded = new DefectModel(model, metadata);
    // The first run compiles shaders / allocates: pay it now, not on the first unit.
    tf.tidy(() => {
      const outputs = model.predict(tf.zeros([1, MODEL_INPUT_SIZE, MODEL_INPUT_SIZE, 1])) as tf.Tensor[];
      outputs.forEach((output) => output.dataSync());
    });
    return loaded;
  }

  async predict(photo: PhotoPixels): Promise<ModelPrediction> {
    const started = performance.now();
    const { input, statistics } = preprocess(photo);
    const [probabilities, patches] = tf.tidy(() => {
      const outputs = this.model.predict(tf.tensor4d(input, [1, MODEL_INPUT_SIZE, MODEL_INPUT_SIZE, 1])) as tf.Tensor[];
      const patchLogits = outputs[1] as tf.Tensor;
      // A patch's heat is its most suspicious class.
      return [outputs[0] as tf.Tensor, tf.sigmoid(patchLogits).max(-1)];
    });
    const [scoreValues, heat] = await Promise.all([probabilities.data(), patches.data()]);
    tf.dispose([probabilities, patches]);
    const classes = this.metadata.classes;
    const scoreList = Array.from(scoreValues);
    const decision = decide(scoreList, classes, this.metadata.thresholds.decision, this.metadata.thresholds.classWeights);
    const pDefect = defectScore(scoreList);
    return {
      modelVersion: this.metadata.version,
      scores: Object.fromEntries(classes.map((name, i) => [name, scoreList[i] ?? 0])),
      decision,
      confidence: decision === "ok" ? 1 - pDefect : (scoreList[classes.indexOf(decision)] ?? 0),
      defectScore: pDefect,
      heatmap: Array.from(heat),
      heatmapSize: this.metadata.heatmapSize,
      latencyMs: performance.now() - started,
      backend: tf.getBackend(),
      statistics,
    };
  }

  dispose(): void {
    this.model.dispose();
  }
}
