import * as tf from "@tensorflow/tfjs";
import { withHeatmap } from "./architecture.ts";
import { decide, defectScore } from "./evaluation.ts";
import { phoneMasks } from "./finder.ts";
import type { ModelMetadata } from "./metadata.ts";
import { squareHeatmap } from "./heatmap.ts";
import { countedCells, type InspectionRegion } from "./region.ts";
import {
  CAMERA_INPUT_SIZE_AT_REST,
  FrameBuffers,
  frameSize,
  MODEL_INPUT_SIZE,
  preprocess,
  preprocessFrame,
  type InputStatistics,
  type PhotoPixels,
} from "./preprocess.ts";

import { BACKENDS, backendOrder, type BackendName } from "./inference-backends.ts";

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
  /** Of latencyMs, the time spent making the model's input from the photo's pixels. */
  preprocessMs: number;
  backend: string;
  statistics: InputStatistics;
  /** The region of interest the scores were taken inside; null for the whole photo. */
  region: InspectionRegion | null;
}

/**
 * Picks the first backend that initialises, in the order given (a WebGL
 * drawn in software after wasm: backendOrder). WebGL needs a GPU context
 * (OffscreenCanvas in a worker); wasm needs its .wasm files served by the
 * app (`/tfjs-wasm/`); cpu always works.
 */
export async function chooseBackend(preferred: readonly BackendName[] = BACKENDS, wasmPath = "/tfjs-wasm/"): Promise<BackendName> {
  for (const name of backendOrder(preferred, preferred.includes("webgl") ? webglRenderer() : null)) {
    try {
      if (name === "wasm") {
        const wasm = await import("@tensorflow/tfjs-backend-wasm");
        wasm.setWasmPaths(wasmPath);
      }
      const handlers = nodeErrorHandlers();
      if (await tf.setBackend(name)) {
        await tf.ready();
        handlers?.restore();
        return name;
      }
    } catch {
      // Not available here: try the next one.
    }
  }
  throw new Error(`None of the backends ${preferred.join(", ")} could start`);
}

/** The name of the renderer behind WebGL here, as the browser tells it; null without WebGL (Node, a worker without OffscreenCanvas). */
function webglRenderer(): string | null {
  if (typeof OffscreenCanvas === "undefined") return null;
  try {
    const gl = new OffscreenCanvas(1, 1).getContext("webgl2") as WebGL2RenderingContext | null;
    if (!gl) return null;
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return renderer;
  } catch {
    return null;
  }
}

/**
 * In Node, the wasm backend's Emscripten runtime installs process-wide
 * handlers that rethrow every uncaught error from inside its minified
 * source, so any crash of the process printed 30 kB of it instead of the
 * error. Restoring the handlers as they were keeps Node's own reporting.
 */
function nodeErrorHandlers(): { restore: () => void } | null {
  type Listener = (...args: unknown[]) => void;
  // Only the two methods used, so the browser's worker (no process) and Node share this file.
  const node = (globalThis as { process?: { listeners?: (event: string) => Listener[]; removeListener: (event: string, listener: Listener) => void } }).process;
  const listeners = node?.listeners?.bind(node);
  if (!node || !listeners) return null;
  const events = ["uncaughtException", "unhandledRejection"];
  const before = new Map(events.map((event) => [event, listeners(event)]));
  return {
    restore: () => {
      for (const event of events) for (const listener of listeners(event)) if (!before.get(event)?.includes(listener)) node.removeListener(event, listener);
    },
  };
}

/** A loaded model version, ready to predict on photos one at a time. */
export class DefectModel {
  // Reused photo after photo: the input is copied into a tensor before the next one is preprocessed.
  private readonly buffers = new FrameBuffers();

  private constructor(
    private readonly model: tf.LayersModel,
    readonly metadata: ModelMetadata,
    private readonly finder: tf.LayersModel | null,
  ) {}

  /** Loads a version from where it is served, with its phone finder if it has one (lib/model/finder.ts). */
  static async load(baseUrl: string, metadata: ModelMetadata): Promise<DefectModel> {
    const base = baseUrl.replace(/\/$/, "");
    const [model, finder] = await Promise.all([
      tf.loadLayersModel(`${base}/model.json`),
      metadata.finder ? tf.loadLayersModel(`${base}/${metadata.finder.file}`) : null,
    ]);
    return DefectModel.fromModel(model, metadata, finder);
  }

  /** Wraps a model (and its phone finder) already in memory (tests, Node) and warms it up. */
  static fromModel(trained: tf.LayersModel, metadata: ModelMetadata, finder: tf.LayersModel | null = null): DefectModel {
    if (metadata.finder && !finder) throw new Error(`${metadata.version} finds the phone with ${metadata.finder.file}: load it too (loadDefectModel)`);
    const model = withHeatmap(trained);
    const loaded = new DefectModel(model, metadata, finder);
    // The first run compiles shaders / allocates: pay it now, not on the first unit.
    const shape: [number, number, number, number] = metadata.input
      ? [1, frameSize(CAMERA_INPUT_SIZE_AT_REST, metadata.input.width).height, metadata.input.width, 3]
      : [1, MODEL_INPUT_SIZE, MODEL_INPUT_SIZE, 1];
    tf.tidy(() => {
      const outputs = model.predict(tf.zeros(shape)) as tf.Tensor[];
      outputs.forEach((output) => output.dataSync());
      if (finder) phoneMasks(finder, tf.zeros(shape), 1, 1).dataSync();
    });
    return loaded;
  }

  /**
   * The model's prediction on one photo. A class's score is its most
   * suspicious patch among those counted: the patches on the phone where the
   * version has a phone finder, and inside the station's region of interest
   * where one is set (lib/model/region.ts); the heatmap is cold on the rest.
   * Without either, the whole photo counts.
   */
  async predict(photo: PhotoPixels, region: InspectionRegion | null = null): Promise<ModelPrediction> {
    const started = performance.now();
    const frame = this.metadata.input ? preprocessFrame(photo, this.metadata.input.width, this.buffers) : null;
    const { input, statistics } = frame ?? preprocess(photo);
    const shape: [number, number, number, number] = frame ? [1, frame.height, frame.width, 3] : [1, MODEL_INPUT_SIZE, MODEL_INPUT_SIZE, 1];
    const preprocessMs = performance.now() - started;
    // Run and disposed before any await (the cpu backend's tensor is `input` itself): a photo predicted meanwhile reuses it.
    const pixels = tf.tensor4d(input, shape);
    const outputs = this.model.predict(pixels) as tf.Tensor[];
    const patchLogits = outputs[1] as tf.Tensor4D;
    const [, gridRows = 0, gridColumns = 0] = patchLogits.shape;
    const phone = this.finder ? phoneMasks(this.finder, pixels, gridRows, gridColumns) : null;
    pixels.dispose();
    const counted = countedCells(gridRows, gridColumns, region, phone ? await phone.data() : null);
    phone?.dispose();
    const [probabilities, patches] = tf.tidy((): [tf.Tensor, tf.Tensor] => {
      // A patch's heat is its most suspicious class.
      const heat = tf.sigmoid(patchLogits).max(-1);
      if (!counted) return [(outputs[0] as tf.Tensor).clone(), heat];
      const mask = tf.tensor4d(
        counted.map((yes) => (yes ? 1 : 0)),
        [1, gridRows, gridColumns, 1],
      );
      // Patches not counted cannot be any class's most suspicious one.
      const masked = patchLogits.add(mask.sub(1).mul(1e9));
      return [tf.sigmoid(masked.max([1, 2])), heat.mul(mask.squeeze([3]))];
    });
    tf.dispose(outputs);
    const [scoreValues, patchHeat] = await Promise.all([probabilities.data(), patches.data()]);
    const [, rows = 0, columns = 0] = patches.shape;
    tf.dispose([probabilities, patches]);
    const heat = rows === this.metadata.heatmapSize && columns === rows ? patchHeat : squareHeatmap(patchHeat, rows, columns, this.metadata.heatmapSize);
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
      preprocessMs,
      backend: tf.getBackend(),
      statistics,
      region,
    };
  }

  dispose(): void {
    this.model.dispose();
    this.finder?.dispose();
  }
}
