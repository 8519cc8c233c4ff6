"use client";

import { useEffect, useRef, useState } from "react";
import { type BackendName, type ModelPrediction, type ModelMetadata, type ModelWorkerClient, startModelWorker } from "@/lib/model/client";
import { generateCameraPhoto, type CameraLabel, generatePhoto, type SynthLabel, PRESET_NAMES, type PresetName } from "@/lib/synth";

/** What the playground shows: a synthetic photo of either kind, and its truth. */
interface PlaygroundPhoto {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  label: string;
}

/**
 * A photo such as the model is made for: a camera model gets a synthetic
 * 1920x1080 camera photo, a square model the 192-pixel fixture photo.
 */
function photoFor(metadata: ModelMetadata, seed: number, label: string, preset: PresetName): PlaygroundPhoto {
  return metadata.input?.kind === "frame"
    ? generateCameraPhoto(seed, { label: label as CameraLabel, preset })
    : generatePhoto(seed, { label: label as SynthLabel, preset });
}

interface BenchmarkResult {
  photos: number;
  inferenceP50: number;
  inferenceP95: number;
  /** Of inference, the median time making the model's input from the photo. */
  preprocessP50: number;
  roundTripP50: number;
  longTasks: number;
  backend: string;
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The photo's pixels as a canvas takes them (copied onto an ArrayBuffer: ImageData takes no shared buffer). */
function imageDataOf(photo: PlaygroundPhoto): ImageData {
  return new ImageData(new Uint8ClampedArray(photo.rgba), photo.width, photo.height);
}

/** A photo as a camera or a station uploads it (JPEG for a camera, PNG for the fixture's photos): what the inspection page hands the worker. */
async function encodedPhoto(photo: PlaygroundPhoto, type: "image/jpeg" | "image/png"): Promise<ArrayBuffer> {
  const canvas = new OffscreenCanvas(photo.width, photo.height);
  const context = canvas.getContext("2d");
  if (!context) throw new Error("No 2D canvas in this browser");
  context.putImageData(imageDataOf(photo), 0, 0);
  const blob = await canvas.convertToBlob({ type, quality: 0.92 });
  return blob.arrayBuffer();
}

function drawPhoto(canvas: HTMLCanvasElement | null, photo: PlaygroundPhoto, prediction: ModelPrediction | null, showHeatmap: boolean) {
  const context = canvas?.getContext("2d");
  if (!canvas || !context) return;
  canvas.width = photo.width;
  canvas.height = photo.height;
  context.putImageData(imageDataOf(photo), 0, 0);
  if (!prediction || !showHeatmap) return;
  // The square grid stretches over the photo, whatever its shape.
  const cellWidth = photo.width / prediction.heatmapSize;
  const cellHeight = photo.height / prediction.heatmapSize;
  prediction.heatmap.forEach((heat, i) => {
    if (heat < 0.1) return;
    context.fillStyle = `rgba(239, 68, 68, ${Math.min(0.6, heat * 0.6)})`;
    context.fillRect((i % prediction.heatmapSize) * cellWidth, Math.floor(i / prediction.heatmapSize) * cellHeight, cellWidth, cellHeight);
  });
}

function Choice({ label, value, options, onChange }: { label: string; value: string; options: readonly string[]; onChange: (value: string) => void }) {
  return (
    <label className="text-sm">
      {label}
      <select className="ml-2 rounded border border-slate-300 px-2 py-1 text-sm" value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Runs a model version in this browser, off the main thread, on synthetic
 * photos: its scores, decision, heatmap, latency and backend, and a benchmark.
 */
export function ModelPlayground({ metadata, backends }: { metadata: ModelMetadata; backends: BackendName[] }) {
  const client = useRef<ModelWorkerClient | null>(null);
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const [status, setStatus] = useState<string>("Loading the model…");
  const [backend, setBackend] = useState<string | null>(null);
  const [label, setLabel] = useState<string>(metadata.classes[0] ?? "ok");
  const [preset, setPreset] = useState<PresetName>("normal");
  const [seed, setSeed] = useState(1);
  const [photo, setPhoto] = useState<PlaygroundPhoto | null>(null);
  const isCamera = metadata.input?.kind === "frame";
  const [prediction, setPrediction] = useState<ModelPrediction | null>(null);
  const [showHeatmap, setShowHeatmap] = useState(true);
  const [benchmark, setBenchmark] = useState<BenchmarkResult | null>(null);
  const [isBusy, setBusy] = useState(false);

  useEffect(() => {
    const worker = startModelWorker();
    client.current = worker;
    worker
      .load(`/models/${metadata.version}`, metadata, backends)
      .then(({ backend: chosen, loadMs }) => {
        setBackend(chosen);
        setStatus(`Ready on ${chosen} (loaded and warmed up in ${loadMs.toFixed(0)} ms)`);
      })
      .catch((error: Error) => setStatus(error.message));
    return () => worker.terminate();
  }, [metadata, backends]);

  useEffect(() => {
    if (photo) drawPhoto(canvas.current, photo, prediction, showHeatmap);
  }, [photo, prediction, showHeatmap]);

  async function tryPhoto() {
    if (!client.current || !backend) return;
    setBusy(true);
    const next = photoFor(metadata, seed, label, preset);
    setPhoto(next);
    setPrediction(null);
    try {
      setPrediction(await client.current.predict(next));
    } catch (error) {
      setStatus((error as Error).message);
    } finally {
      setBusy(false);
      setSeed((s) => s + 1);
    }
  }

  async function runBenchmark(count = 50) {
    if (!client.current || !backend) return;
    setBusy(true);
    setBenchmark(null);
    // A camera model's benchmark cycles 10 photos rather than make 50 (each is 8 MB of pixels to draw).
    const distinct = isCamera ? 10 : count;
    // Encoded, as the inspection page gets them: the worker decodes each one, so the main thread only hands over its bytes.
    const photos: ArrayBuffer[] = [];
    for (let i = 0; i < distinct; i++) {
      const photo = isCamera ? generateCameraPhoto(10_000 + i) : generatePhoto(10_000 + i, { preset: "normal" });
      photos.push(await encodedPhoto(photo, isCamera ? "image/jpeg" : "image/png"));
      await nextTask(); // each photo is made in its own task, before the long-task count starts
    }
    let longTasks = 0;
    const observer =
      typeof PerformanceObserver !== "undefined" && PerformanceObserver.supportedEntryTypes?.includes("longtask")
        ? new PerformanceObserver((list) => {
            longTasks += list.getEntries().length;
          })
        : null;
    observer?.observe({ type: "longtask", buffered: false });
    const inference: number[] = [];
    const preprocessing: number[] = [];
    const roundTrip: number[] = [];
    for (let i = 0; i < count; i++) {
      const bytes = photos[i % photos.length] as ArrayBuffer;
      const started = performance.now();
      // A copy is handed over (transferred), as the inspection page does: the original stays for the next round.
      const result = await client.current.predictEncoded(bytes.slice(0));
      roundTrip.push(performance.now() - started);
      inference.push(result.latencyMs);
      preprocessing.push(result.preprocessMs);
    }
    await nextTask();
    observer?.disconnect();
    setBenchmark({
      photos: count,
      inferenceP50: percentile(inference, 0.5),
      inferenceP95: percentile(inference, 0.95),
      preprocessP50: percentile(preprocessing, 0.5),
      roundTripP50: percentile(roundTrip, 0.5),
      longTasks,
      backend,
    });
    setBusy(false);
  }

  const field = "rounded border border-slate-300 px-2 py-1 text-sm";
  return (
    <section aria-label="Try the model" className="rounded-lg border border-slate-200 bg-white p-4">
      <p role="status" className="mb-3 text-sm text-slate-600">
        {status}
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <Choice label="Unit" value={label} options={["ok", ...metadata.classes]} onChange={setLabel} />
        <Choice label="Lighting" value={preset} options={PRESET_NAMES} onChange={(value) => setPreset(value as PresetName)} />
        <label className="text-sm">
          Seed
          <input className={`${field} ml-2 w-24`} type="number" value={seed} onChange={(e) => setSeed(Number(e.target.value))} />
        </label>
        <button
          type="button"
          onClick={tryPhoto}
          disabled={!backend || isBusy}
          className="rounded bg-slate-900 px-3 py-1.5 text-sm text-white disabled:opacity-50"
        >
          Predict on a new photo
        </button>
        <button
          type="button"
          onClick={() => runBenchmark()}
          disabled={!backend || isBusy}
          className="rounded border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-50"
        >
          Benchmark 50 photos
        </button>
        <label className="text-sm">
          <input type="checkbox" checked={showHeatmap} onChange={(e) => setShowHeatmap(e.target.checked)} className="mr-1" />
          Heatmap
        </label>
      </div>
      <div className="mt-4 flex flex-wrap gap-6">
        {photo ? (
          <canvas
            ref={canvas}
            aria-label={`Synthetic photo: ${photo.label}`}
            className={`rounded border border-slate-200 ${isCamera ? "aspect-video w-full max-w-3xl" : "h-96 w-96 [image-rendering:pixelated]"}`}
          />
        ) : null}
        {prediction ? (
          <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm" aria-label="Prediction">
            <dt className="text-slate-500">Truth</dt>
            <dd>{photo?.label}</dd>
            <dt className="text-slate-500">Decision</dt>
            <dd data-testid="decision">{prediction.decision}</dd>
            <dt className="text-slate-500">Confidence</dt>
            <dd>{(100 * prediction.confidence).toFixed(1)}%</dd>
            {Object.entries(prediction.scores).map(([name, score]) => (
              <div key={name} className="contents">
                <dt className="text-slate-500">P({name})</dt>
                <dd>{score.toFixed(3)}</dd>
              </div>
            ))}
            <dt className="text-slate-500">Latency</dt>
            <dd>{prediction.latencyMs.toFixed(1)} ms</dd>
            <dt className="text-slate-500">Backend</dt>
            <dd data-testid="backend">{prediction.backend}</dd>
            <dt className="text-slate-500">Brightness</dt>
            <dd>{prediction.statistics.brightness.toFixed(3)}</dd>
          </dl>
        ) : null}
      </div>
      {benchmark ? (
        <dl className="mt-4 grid max-w-md grid-cols-2 gap-x-4 gap-y-1 text-sm" aria-label="Benchmark">
          <dt className="text-slate-500">Photos</dt>
          <dd data-testid="bench-photos">{benchmark.photos}</dd>
          <dt className="text-slate-500">Backend</dt>
          <dd data-testid="bench-backend">{benchmark.backend}</dd>
          <dt className="text-slate-500">Inference p50</dt>
          <dd data-testid="bench-p50">{benchmark.inferenceP50.toFixed(1)} ms</dd>
          <dt className="text-slate-500">Inference p95</dt>
          <dd data-testid="bench-p95">{benchmark.inferenceP95.toFixed(1)} ms</dd>
          <dt className="text-slate-500">of which preprocessing p50</dt>
          <dd data-testid="bench-preprocess">{benchmark.preprocessP50.toFixed(1)} ms</dd>
          <dt className="text-slate-500">Round trip p50</dt>
          <dd data-testid="bench-roundtrip">{benchmark.roundTripP50.toFixed(1)} ms</dd>
          <dt className="text-slate-500">Long tasks on this page</dt>
          <dd data-testid="bench-long-tasks">{benchmark.longTasks}</dd>
        </dl>
      ) : null}
    </section>
  );
}
