import type { BackendName, ModelPrediction } from "./inference.ts";
import type { ModelMetadata } from "./metadata.ts";
import type { InspectionRegion } from "./region.ts";
import type { PhotoPixels } from "./preprocess.ts";
import type { FromWorker, ToWorker } from "./worker-protocol.ts";

/**
 * The page's side of the model worker: promises for load and predict over
 * postMessage. Photos are copied into a transferable buffer, so the caller
 * keeps its pixels and the worker gets its own without a second copy.
 */
/** Starts the model's Web Worker (lib/model/worker.ts) and wraps it. Browser only. */
export function startModelWorker(): ModelWorkerClient {
  return new ModelWorkerClient(new Worker(new URL("./worker.ts", import.meta.url), { type: "module" }));
}

export class ModelWorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (p: ModelPrediction) => void; reject: (e: Error) => void }>();
  private ready: Promise<{ backend: BackendName; loadMs: number }> | null = null;
  private onReady: ((value: { backend: BackendName; loadMs: number }) => void) | null = null;
  private onLoadError: ((error: Error) => void) | null = null;

  constructor(private readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
  }

  private receive(message: FromWorker): void {
    if (message.type === "ready") {
      this.onReady?.({ backend: message.backend, loadMs: message.loadMs });
      return;
    }
    if (message.type === "error" && message.id === null) {
      this.onLoadError?.(new Error(message.message));
      return;
    }
    const waiting = this.pending.get(message.id as number);
    if (!waiting) return;
    this.pending.delete(message.id as number);
    if (message.type === "prediction") waiting.resolve(message.prediction);
    else waiting.reject(new Error(message.message));
  }

  /** Loads a model version; with a region of interest, every prediction scores only the patches inside it. */
  load(
    modelUrl: string,
    metadata: ModelMetadata,
    backends: BackendName[],
    region: InspectionRegion | null = null,
  ): Promise<{ backend: BackendName; loadMs: number }> {
    this.ready = new Promise((resolve, reject) => {
      this.onReady = resolve;
      this.onLoadError = reject;
    });
    this.post({ type: "load", modelUrl, metadata, backends, region });
    return this.ready;
  }

  predict(photo: PhotoPixels): Promise<ModelPrediction> {
    const id = this.nextId++;
    const rgba = new Uint8ClampedArray(photo.rgba).buffer;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ type: "predict", id, width: photo.width, height: photo.height, rgba }, [rgba]);
    });
  }

  /** Predicts on an encoded photo (PNG/JPEG bytes); the bytes are handed over, not copied. */
  predictEncoded(bytes: ArrayBuffer): Promise<ModelPrediction> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ type: "predictEncoded", id, bytes }, [bytes]);
    });
  }

  private post(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  terminate(): void {
    this.worker.terminate();
    for (const waiting of this.pending.values()) waiting.reject(new Error("The model worker stopped"));
    this.pending.clear();
  }
}
