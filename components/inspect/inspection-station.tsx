"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ModelPrediction } from "@/lib/model/inference";
import type { ModelMetadata } from "@/lib/model/metadata";
import { type ModelWorkerClient, startModelWorker } from "@/lib/model/worker-client";
import { Outbox, type OutboxState } from "@/lib/inspection/outbox";
import { HeatmapOverlay } from "@/components/ui/heatmap-overlay";
import { mayDecideAlone } from "@/lib/automation/levels";
import { KeyHelp } from "./key-help";
import { LastVerdict } from "./last-verdict";
import { formatInstant } from "@/lib/text";
import type { AutomationLevel as Level } from "@/lib/generated/prisma/enums";

export interface StationModel {
  version: string;
  metadata: ModelMetadata;
}

interface Unit {
  id: string;
  /** The level this unit runs at: the station's, or during a canary the one its share of units gets. */
  level: Level;
  /** The server's word: show the model's suggestion (AI assistance, unless the unit is one of the blind share). */
  suggest: boolean;
  objectUrl: string;
  predictions: Map<string, ModelPrediction>;
}

type OutboxEntry = Parameters<Outbox["add"]>[0];

const PREFETCH = 5;
const UNDO_MS = 5_000;

const safeKey = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, "_");

/**
 * One unit at a time, one key per verdict. Photos are fetched and decoded
 * ahead; the model predicts on them in a Web Worker as they arrive; verdicts
 * and predictions go through the IndexedDB outbox, so the inspector never
 * waits for the model or the network.
 */
export function InspectionStation({
  slug,
  labels,
  models,
  modelMayDecide,
  timeZone,
}: {
  slug: string;
  /** The station's time zone: the last verdict's time is written in it. */
  timeZone: string;
  labels: { key: string; label: string }[];
  /** The active model first, then the candidate. */
  models: StationModel[];
  /** The station runs (some of) its units at PARTIAL or FULL: count those the model decides. */
  modelMayDecide: boolean;
}) {
  const outbox = useRef<Outbox | null>(null);
  const workers = useRef<Map<string, ModelWorkerClient>>(new Map());
  const queue = useRef<Unit[]>([]);
  const seen = useRef<Set<string>>(new Set());
  const isFetching = useRef(false);
  const shownAt = useRef(0);
  const [current, setCurrent] = useState<Unit | null>(null);
  // The next photos stay mounted (invisible) so showing one is a paint, not a decode.
  const [upcoming, setUpcoming] = useState<Unit[]>([]);
  const [isEmpty, setEmpty] = useState(false);
  const [done, setDone] = useState(0);
  // This shift's count: the server's, of verdicts before this page opened, plus the page's own since (lib/inspection/shift.ts).
  const openedAt = useRef(new Date().toISOString());
  const [verdictTimes, setVerdictTimes] = useState<number[]>([]);
  const [shift, setShift] = useState<{ since: string; judged: number } | null>(null);
  const [box, setBox] = useState<OutboxState>({ pending: 0, pendingVerdicts: 0, refused: [], isOnline: true, lastError: null });
  const [isBrowserOnline, setBrowserOnline] = useState(true);
  const [last, setLast] = useState<{ key: string; unit: Unit; label: string; at: number } | null>(null);
  // The label an inspector pressed and took back, per unit: sent with the verdict that replaces it.
  const revisions = useRef<Map<string, string>>(new Map());
  // Predictions land in a unit's map (a ref); this re-renders the badge when one arrives for the unit on screen.
  const [, setPredictions] = useState(0);
  const [isZoomed, setZoomed] = useState(false);
  const [decidedByModel, setDecidedByModel] = useState(0);
  const [waiting, setWaiting] = useState<number | null>(null);
  const [isHelpOpen, setHelpOpen] = useState(false);
  // Shadow predictions stay in memory, out of the outbox (and IndexedDB), until the unit's verdict is in:
  // an inspector cannot read the model's answer before giving their own.
  const held = useRef<Map<string, OutboxEntry[]>>(new Map());
  const judgedIds = useRef<Set<string>>(new Set());

  const showNext = useCallback(() => {
    const next = queue.current[0] ?? null;
    setCurrent(next);
    setUpcoming(queue.current.slice(1, 3));
    setZoomed(false);
    shownAt.current = performance.now();
  }, []);

  /**
   * Predicts with every model on the station and sends each prediction. When
   * the model may decide, the active model's prediction is sent at once to
   * learn the unit's route; returns false when the model decided it alone.
   */
  const predict = useCallback(
    async (unit: Unit, bytes: ArrayBuffer): Promise<boolean> => {
      let goesToHuman = true;
      for (const [index, model] of models.entries()) {
        const worker = workers.current.get(model.version);
        if (!worker) continue;
        const prediction = await worker.predictEncoded(bytes.slice(0));
        unit.predictions.set(model.version, prediction);
        setPredictions((n) => n + 1);
        const key = safeKey(`p-${unit.id}-${model.version}`);
        const body = {
          idempotencyKey: key,
          captureId: unit.id,
          modelVersion: model.version,
          scores: prediction.scores,
          decision: prediction.decision,
          confidence: prediction.confidence,
          defectScore: prediction.defectScore,
          latencyMs: prediction.latencyMs,
          backend: prediction.backend,
          heatmap: prediction.heatmap,
          statistics: prediction.statistics,
        };
        const url = `/api/stations/${slug}/predictions`;
        if (mayDecideAlone(unit.level) && index === 0) {
          try {
            const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
            if (response.ok) {
              goesToHuman = ((await response.json()) as { route: string | null }).route !== "MODEL";
              continue;
            }
          } catch {
            // Offline: a human decides this unit; the prediction waits in the outbox.
          }
        }
        const entry: OutboxEntry = { key, kind: "prediction", url, notBefore: Date.now(), body };
        if (judgedIds.current.has(unit.id)) await outbox.current?.add(entry);
        else held.current.set(unit.id, [...(held.current.get(unit.id) ?? []), entry]);
      }
      return goesToHuman;
    },
    [models, slug],
  );

  const fill = useCallback(async () => {
    if (isFetching.current || queue.current.length >= PREFETCH) return;
    isFetching.current = true;
    // What the page shows or queues is in hand; the rest of what it has seen was judged (or decided by the model).
    const inHand = new Set(queue.current.map((unit) => unit.id));
    try {
      const response = await fetch(`/api/stations/${slug}/queue`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          count: PREFETCH,
          exclude: [...seen.current].slice(-200),
          judged: [...seen.current].filter((id) => !inHand.has(id)).slice(-200),
          asOf: openedAt.current,
        }),
      });
      if (!response.ok) return;
      const { units, waiting, shift } = (await response.json()) as {
        units: { id: string; imageUrl: string; level: Level; suggest: boolean }[];
        waiting: number;
        shift: { since: string; judged: number };
      };
      setWaiting(waiting);
      setShift(shift);
      const fresh = units.filter((unit) => !seen.current.has(unit.id));
      for (const { id, imageUrl, level, suggest } of fresh) {
        seen.current.add(id);
        const bytes = await (await fetch(imageUrl)).arrayBuffer();
        const objectUrl = URL.createObjectURL(new Blob([bytes]));
        const image = new Image();
        image.src = objectUrl;
        await image.decode().catch(() => undefined);
        const unit: Unit = { id, level, suggest, objectUrl, predictions: new Map() };
        if (mayDecideAlone(level) && models.length > 0) {
          // PARTIAL / FULL: the unit waits for the server's routing before it is shown.
          // The model may decide this unit alone: show it only if it is routed to a human.
          const goesToHuman = await predict(unit, bytes).catch(() => true);
          if (!goesToHuman) {
            URL.revokeObjectURL(objectUrl);
            setDecidedByModel((n) => n + 1);
            continue;
          }
        } else {
          void predict(unit, bytes).catch(() => undefined);
        }
        queue.current.push(unit);
        if (queue.current.length === 1) showNext();
        else if (queue.current.length <= 3) setUpcoming(queue.current.slice(1, 3));
      }
      setEmpty(queue.current.length === 0);
    } catch {
      // Offline: the queue is tried again shortly.
    } finally {
      isFetching.current = false;
    }
  }, [models.length, predict, showNext, slug]);

  useEffect(() => {
    let isActive = true;
    const opening = Outbox.open(`understudy-outbox`, (state) => isActive && setBox(state)).then(async (opened) => {
      if (!isActive) return opened.stop();
      outbox.current = opened;
      // Units judged before a reload wait in the outbox: never show them again.
      for (const id of await opened.pendingVerdictUnits()) seen.current.add(id);
      opened.start();
    });
    for (const model of models) {
      const worker = startModelWorker();
      void worker.load(`/models/${model.version}`, model.metadata, ["webgl", "wasm", "cpu"]).catch(() => undefined);
      workers.current.set(model.version, worker);
    }
    const poll = setInterval(() => void fill(), 3_000);
    void opening.then(() => fill());
    const online = () => setBrowserOnline(navigator.onLine);
    window.addEventListener("online", online);
    window.addEventListener("offline", online);
    online();
    const currentWorkers = workers.current;
    return () => {
      isActive = false;
      clearInterval(poll);
      window.removeEventListener("online", online);
      window.removeEventListener("offline", online);
      outbox.current?.stop();
      for (const worker of currentWorkers.values()) worker.terminate();
      currentWorkers.clear();
    };
  }, [fill, models]);

  const decide = useCallback(
    async (label: string) => {
      const unit = queue.current[0];
      if (!unit || !outbox.current) return;
      const key = crypto.randomUUID();
      const timeToDecideMs = Math.round(performance.now() - shownAt.current);
      queue.current.shift();
      showNext();
      const decidedAt = new Date();
      setVerdictTimes((times) => [...times, decidedAt.getTime()]);
      setDone((n) => n + 1);
      setLast({ key, unit, label, at: decidedAt.getTime() });
      // Let the next photo paint first; the outbox and the queue can wait a frame.
      await new Promise((resolve) => setTimeout(resolve, 0));
      judgedIds.current.add(unit.id);
      await outbox.current.add({
        key,
        kind: "verdict",
        url: `/api/stations/${slug}/verdicts`,
        // Held back for the undo window, then sent.
        notBefore: Date.now() + UNDO_MS,
        body: {
          idempotencyKey: key,
          captureId: unit.id,
          label,
          timeToDecideMs,
          suggestionShown: unit.suggest && unit.predictions.size > 0,
          revisedFrom: revisions.current.get(unit.id) ?? null,
          decidedAt: decidedAt.toISOString(),
        },
      });
      // The verdict is in: the model's predictions on the unit may leave now.
      for (const entry of held.current.get(unit.id) ?? []) await outbox.current.add(entry);
      held.current.delete(unit.id);
      void fill();
    },
    [fill, showNext, slug],
  );

  const undo = useCallback(async () => {
    if (!last || Date.now() - last.at > UNDO_MS || !outbox.current) return;
    if (await outbox.current.remove(last.key)) {
      revisions.current.set(last.unit.id, last.label);
      queue.current.unshift(last.unit);
      showNext();
      setVerdictTimes((times) => times.slice(0, -1));
      setDone((n) => n - 1);
    }
    setLast(null);
  }, [last, showNext]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.metaKey || event.altKey) return;
      if (event.key === "?") {
        event.preventDefault();
        setHelpOpen((open) => !open);
        return;
      }
      if (isHelpOpen) return;
      if (event.key === "u" || (event.ctrlKey && event.key === "z")) {
        event.preventDefault();
        void undo();
        return;
      }
      const index = Number(event.key) - 1;
      const label = labels[index];
      if (!event.ctrlKey && label && Number.isInteger(index)) {
        event.preventDefault();
        void decide(label.key);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [decide, isHelpOpen, labels, undo]);

  // At AI assistance every unit has the same badge; blind units, like units the model could not score, read "No suggestion".
  const isAssisted = current?.level === "AI_ASSIST";
  const suggestion = current?.suggest ? current.predictions.get(models[0]?.version ?? "") : undefined;
  const isOnline = isBrowserOnline && box.isOnline;
  const lastShown = last ? { label: labels.find((label) => label.key === last.label)?.label ?? last.label, unitId: last.unit.id, at: last.at } : null;
  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_16rem]">
      <div className="relative overflow-hidden rounded-lg border border-slate-200 bg-slate-900">
        {current ? (
          // One keyed list, so the next photo's <img> moves into place instead of being re-created.
          [current, ...upcoming].map((unit, index) =>
            index === 0 ? (
              // eslint-disable-next-line @next/next/no-img-element -- an object URL of a prefetched, decoded photo
              <img
                key={unit.id}
                src={unit.objectUrl}
                alt={`Unit ${unit.id}`}
                onClick={() => setZoomed((z) => !z)}
                className={`relative mx-auto aspect-square w-full max-w-[80vh] cursor-zoom-in object-contain ${isZoomed ? "scale-200 cursor-zoom-out" : ""}`}
              />
            ) : (
              // eslint-disable-next-line @next/next/no-img-element -- kept rasterised for an instant switch
              <img
                key={unit.id}
                src={unit.objectUrl}
                alt=""
                aria-hidden
                className="pointer-events-none absolute inset-0 mx-auto aspect-square w-full max-w-[80vh] object-contain opacity-0"
              />
            ),
          )
        ) : (
          <div className="flex aspect-square items-center justify-center text-slate-300" role="status">
            {isEmpty ? "No units waiting. New units appear here as the line sends them." : "Loading the next unit…"}
          </div>
        )}
        {suggestion ? <HeatmapOverlay heatmap={suggestion.heatmap} className="mx-auto aspect-square max-w-[80vh]" /> : null}
        {isAssisted ? (
          <div data-testid="suggestion" role="status" aria-label="Model suggestion" className="absolute left-2 top-2 rounded bg-white/90 px-2 py-1 text-sm">
            {suggestion ? (
              <>
                Model suggests <strong>{suggestion.decision}</strong> ({(100 * suggestion.confidence).toFixed(0)}%)
              </>
            ) : (
              "No suggestion"
            )}
          </div>
        ) : null}
      </div>
      <aside className="space-y-4">
        <div className="grid gap-2" role="group" aria-label="Verdict">
          {labels.map((label, index) => (
            <button
              key={label.key}
              type="button"
              disabled={!current}
              onClick={() => void decide(label.key)}
              className={`flex items-center justify-between rounded border px-3 py-2 text-left disabled:opacity-40 ${label.key === "ok" ? "border-green-600 text-green-800" : "border-red-300 text-red-800"}`}
            >
              {label.label}
              <kbd className="rounded border border-slate-300 bg-white px-1.5 font-mono text-xs text-slate-600">{index + 1}</kbd>
            </button>
          ))}
        </div>
        <LastVerdict last={lastShown} windowMs={UNDO_MS} timeZone={timeZone} onUndo={() => void undo()} />
        <dl className="grid grid-cols-[1fr_auto] gap-y-1 text-sm">
          <dt className="text-slate-500">
            Judged this shift
            {shift ? <span className="block text-xs">since {formatInstant(new Date(shift.since), { timeZone }).slice(11)}</span> : null}
          </dt>
          <dd data-testid="shift">{shift ? shift.judged + verdictTimes.filter((at) => at >= Date.parse(shift.since)).length : "…"}</dd>
          <dt className="text-slate-500">Judged on this page</dt>
          <dd data-testid="done">{done}</dd>
          <dt className="text-slate-500">Left at the station</dt>
          <dd data-testid="waiting">{waiting ?? "…"}</dd>
          {modelMayDecide ? (
            <>
              <dt className="text-slate-500">Decided by the model</dt>
              <dd data-testid="decided-by-model">{decidedByModel}</dd>
            </>
          ) : null}
        </dl>
        <p data-testid="uploads" className={`text-sm ${box.pendingVerdicts === 0 ? "text-green-700" : isOnline ? "text-slate-600" : "text-amber-700"}`}>
          {box.pendingVerdicts === 0
            ? done > 0
              ? "All verdicts saved."
              : "Nothing waiting to be sent."
            : `${box.pendingVerdicts} verdict${box.pendingVerdicts === 1 ? "" : "s"} ${isOnline ? "waiting to be sent" : "waiting for the network, kept on this device"}.`}
        </p>
        <p data-testid="connection" className={`text-sm ${isOnline ? "text-slate-500" : "text-amber-700"}`}>
          {isOnline ? "Online" : "Offline: verdicts are kept on this device and sent when the network is back"}
        </p>
        {box.refused.length > 0 ? (
          <p role="alert" className="text-sm text-red-700">
            {box.refused.length} refused by the server: {box.refused[box.refused.length - 1]?.detail}
          </p>
        ) : null}
        <button type="button" onClick={() => setHelpOpen(true)} className="text-sm text-sky-700 underline">
          Keys (?)
        </button>
      </aside>
      {isHelpOpen ? <KeyHelp labels={labels} onClose={() => setHelpOpen(false)} /> : null}
    </div>
  );
}
