/// <reference lib="webworker" />
// The model's Web Worker: loads a model version, picks a backend, and predicts
// on photos sent to it, so the page's main thread never waits for inference.
import { chooseBackend, DefectModel } from "./inference.ts";
import type { InspectionRegion } from "./region.ts";
import type { FromWorker, ToWorker } from "./worker-protocol.ts";

declare const self: DedicatedWorkerGlobalScope;

let model: DefectModel | null = null;
let loading: Promise<void> | null = null;
// The station's region of interest, applied to every photo (lib/model/region.ts).
let region: InspectionRegion | null = null;

function reply(message: FromWorker): void {
  self.postMessage(message);
}

async function decode(bytes: ArrayBuffer): Promise<{ width: number; height: number; rgba: Uint8ClampedArray }> {
  const bitmap = await createImageBitmap(new Blob([bytes]));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext("2d");
  if (!context) throw new Error("No 2D canvas in this worker");
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { width: canvas.width, height: canvas.height, rgba: context.getImageData(0, 0, canvas.width, canvas.height).data };
}

self.onmessage = async (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === "load") {
    loading = (async () => {
      const started = performance.now();
      try {
        const backend = await chooseBackend(message.backends);
        model?.dispose();
        model = await DefectModel.load(message.modelUrl, message.metadata);
        region = message.region;
        reply({ type: "ready", backend, loadMs: performance.now() - started });
      } catch (error) {
        reply({ type: "error", id: null, message: `The model could not load: ${(error as Error).message}` });
      }
    })();
    return;
  }
  await loading;
  if (!model) {
    reply({ type: "error", id: message.id, message: "No model is loaded" });
    return;
  }
  try {
    const pixels =
      message.type === "predict" ? { width: message.width, height: message.height, rgba: new Uint8ClampedArray(message.rgba) } : await decode(message.bytes);
    const prediction = await model.predict(pixels, region);
    reply({ type: "prediction", id: message.id, prediction });
  } catch (error) {
    reply({ type: "error", id: message.id, message: (error as Error).message });
  }
};
