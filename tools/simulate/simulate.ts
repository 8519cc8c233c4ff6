import crypto from "node:crypto";
import { decodeImage, encodePng } from "../../lib/captures/decode.ts";
import type { DefectModel, ModelPrediction } from "../../lib/model/inference.ts";
import type { InspectionRegion } from "../../lib/model/region.ts";
import { generatePhoto, type PresetName, Random, SYNTH_DEFECTS } from "../../lib/synth/index.ts";

/** A fetch, possibly in-process (tests dispatch to the route handlers). */
export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

export interface SimulationOptions {
  baseUrl: string;
  fetch?: Fetch;
  station: string;
  scenario: PresetName;
  units: number;
  /** The camera's station token (Authorization: Bearer). */
  token: string;
  /** The inspector's session cookie. */
  inspectorCookie: string;
  /** The models that predict, by version (the station's active and candidate). */
  models: Map<string, DefectModel>;
  /** The station's region of interest: the models score only there, as the inspector's page does. */
  region?: InspectionRegion | null;
  /** Chance an inspector's verdict is wrong (a random other label). */
  errorRate?: number;
  seed?: number;
  /** Units in flight at once (camera posts, then the inspector's round). */
  batch?: number;
  onProgress?: (done: number) => void;
}

export interface SimulationReport {
  captured: number;
  predictions: number;
  verdicts: number;
  /** Units the model decided alone (PARTIAL / FULL): no verdict was due. */
  decidedByModel: number;
  wrongVerdicts: number;
  /** Requests answered 5xx (retried until they succeed). */
  serverErrors: number;
  seconds: number;
}

/**
 * Drives the real HTTP API as a camera and an inspector would: the camera posts
 * synthetic photos of the scenario's lighting with the station token; the
 * inspector leases units from the queue, runs the station's models on each
 * photo as served (the same preprocessing as the browser), posts the
 * predictions, and judges units (the truth, wrong at `errorRate`) unless the
 * model decided them alone. Deterministic by seed, apart from timing.
 */
export async function simulate(options: SimulationOptions): Promise<SimulationReport> {
  const started = performance.now();
  const doFetch: Fetch = options.fetch ?? ((url, init) => fetch(url, init));
  const batch = options.batch ?? 10;
  const errorRate = options.errorRate ?? 0.02;
  const seed = options.seed ?? 1;
  const random = new Random(seed * 7919 + 17);
  const runId = crypto.randomUUID().slice(0, 8);
  const report: SimulationReport = { captured: 0, predictions: 0, verdicts: 0, decidedByModel: 0, wrongVerdicts: 0, serverErrors: 0, seconds: 0 };
  const truth = new Map<string, string>();
  const foreign = new Set<string>();
  const labels = ["ok", ...SYNTH_DEFECTS];

  const call = async (path: string, init: RequestInit, expect: number[]): Promise<Response> => {
    for (let attempt = 0; ; attempt++) {
      let response: Response | null = null;
      try {
        response = await doFetch(`${options.baseUrl}${path}`, init);
      } catch (error) {
        if (attempt >= 20) throw error;
      }
      if (response && expect.includes(response.status)) return response;
      if (response && response.status < 500) throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${await response.text()}`);
      if (response) report.serverErrors += 1;
      if (attempt >= 20) throw new Error(`${init.method ?? "GET"} ${path} kept failing`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 50 * 2 ** attempt)));
    }
  };
  const asInspector = (body: unknown): RequestInit => ({
    method: "POST",
    headers: { cookie: options.inspectorCookie, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

  for (let next = 0; next < options.units; next += batch) {
    const count = Math.min(batch, options.units - next);
    // The camera.
    for (let i = next; i < next + count; i++) {
      const photo = generatePhoto(seed * 1_000_003 + i, { preset: options.scenario });
      const response = await call(
        `/api/captures?externalId=sim-${runId}-${i}`,
        {
          method: "POST",
          headers: { authorization: `Bearer ${options.token}`, "content-type": "image/png" },
          body: Buffer.from(encodePng(photo.width, photo.height, photo.rgba)),
        },
        [200, 201],
      );
      const { capture } = (await response.json()) as { capture: { id: string } };
      truth.set(capture.id, photo.label);
      report.captured += 1;
    }
    // The inspector, until this batch's units are all handled.
    let waiting = [...truth.keys()];
    for (let round = 0; waiting.length > 0 && round < 20; round++) {
      const response = await call(
        `/api/stations/${options.station}/queue`,
        asInspector({ count: Math.min(50, waiting.length + foreign.size), exclude: [...foreign].slice(-200), release: [...foreign].slice(-200) }),
        [200],
      );
      const { units } = (await response.json()) as { units: { id: string; imageUrl: string }[] };
      if (units.length === 0) break;
      for (const unit of units) {
        const label = truth.get(unit.id);
        if (label === undefined) {
          foreign.add(unit.id); // Not ours (demo units): handed back with the next lease call.
          continue;
        }
        const image = await call(unit.imageUrl, { headers: { cookie: options.inspectorCookie } }, [200]);
        const decoded = decodeImage(new Uint8Array(await image.arrayBuffer()));
        let routeToHuman = true;
        for (const [version, model] of options.models) {
          const prediction = await model.predict({ width: decoded.width, height: decoded.height, rgba: decoded.rgba }, options.region ?? null);
          const posted = await call(`/api/stations/${options.station}/predictions`, asInspector(predictionBody(unit.id, version, prediction)), [200, 201]);
          // The active model's prediction routes the unit: MODEL means it decided alone.
          const { route } = (await posted.json()) as { route?: "HUMAN" | "MODEL" | "AUDIT" | null };
          if (route === "MODEL") routeToHuman = false;
          report.predictions += 1;
        }
        truth.delete(unit.id);
        if (!routeToHuman) {
          report.decidedByModel += 1;
          continue;
        }
        const isWrong = random.next() < errorRate;
        const others = labels.filter((l) => l !== label);
        const verdict = isWrong ? (others[Math.floor(random.next() * others.length)] as string) : label;
        if (isWrong) report.wrongVerdicts += 1;
        await call(
          `/api/stations/${options.station}/verdicts`,
          asInspector({
            idempotencyKey: crypto.randomUUID(),
            captureId: unit.id,
            label: verdict,
            timeToDecideMs: 800 + Math.floor(random.next() * 2_000),
            suggestionShown: false,
            decidedAt: new Date().toISOString(),
          }),
          [200, 201],
        );
        report.verdicts += 1;
      }
      waiting = [...truth.keys()];
    }
    options.onProgress?.(Math.min(options.units, next + count));
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

function predictionBody(captureId: string, modelVersion: string, prediction: ModelPrediction) {
  return {
    idempotencyKey: crypto.randomUUID(),
    captureId,
    modelVersion,
    scores: prediction.scores,
    decision: prediction.decision,
    confidence: prediction.confidence,
    defectScore: prediction.defectScore,
    latencyMs: prediction.latencyMs,
    backend: prediction.backend === "cpu" ? "cpu" : "node",
    heatmap: prediction.heatmap,
    statistics: prediction.statistics,
    region: prediction.region,
  };
}
