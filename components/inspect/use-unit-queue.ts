"use client";

import { type RefObject, useCallback, useEffect, useRef, useState } from "react";
import { mayDecideAlone } from "@/lib/automation/client";
import type { AutomationLevel as Level } from "@/lib/generated/prisma/enums";
import { Outbox, newIdempotencyKey, predictionIdempotencyKey, type OutboxState } from "@/lib/inspection/client";
import type { ModelPrediction, ModelWorkerClient } from "@/lib/model/client";
import type { StationModel } from "./use-model-workers";

export interface Unit {
  id: string;
  /** The level this unit runs at: the station's, or during a canary the one its share of units gets. */
  level: Level;
  /** The server's word: show the model's suggestion (AI assistance, unless the unit is one of the blind share). */
  suggest: boolean;
  objectUrl: string;
  /** The photo's pixels once decoded (0 if it would not decode): the page shows it at its own proportions. */
  width: number;
  height: number;
  predictions: Map<string, ModelPrediction>;
}

type OutboxEntry = Parameters<Outbox["add"]>[0];

const PREFETCH = 5;
export const UNDO_MS = 5_000;

export interface UnitQueue {
  /** The unit on screen, and the next two, kept decoded so showing one is a paint. */
  current: Unit | null;
  /** Counts the times a unit was put on screen (an undo shows one again): a new showing starts unzoomed. */
  showing: number;
  upcoming: Unit[];
  isEmpty: boolean;
  /** Verdicts given on this page. */
  done: number;
  /** This shift's count: the server's, of verdicts before this page opened, plus the page's own since (lib/inspection/shift.ts). */
  shift: { since: string; judged: number } | null;
  /** Units left at the station, by the server's last word. */
  waiting: number | null;
  decidedByModel: number;
  outbox: OutboxState;
  isOnline: boolean;
  last: { key: string; unit: Unit; label: string; at: number } | null;
  decide: (label: string) => Promise<void>;
  undo: () => Promise<void>;
}

/**
 * The station's units: leased from the server a few ahead, their photos
 * fetched and decoded, each predicted on by every model as it arrives; the
 * verdicts, and the predictions once the unit's verdict is in, sent through
 * the IndexedDB outbox, so the inspector never waits for the model or the
 * network. At partial and full automation a unit is shown only if the
 * server routes it to a human.
 */
export function useUnitQueue({
  slug,
  models,
  workers,
}: {
  slug: string;
  models: readonly StationModel[];
  workers: RefObject<ReadonlyMap<string, ModelWorkerClient>>;
}): UnitQueue {
  const outbox = useRef<Outbox | null>(null);
  const queue = useRef<Unit[]>([]);
  const seen = useRef<Set<string>>(new Set());
  const isFetching = useRef(false);
  const shownAt = useRef(0);
  const [current, setCurrent] = useState<Unit | null>(null);
  const [showing, setShowing] = useState(0);
  const [upcoming, setUpcoming] = useState<Unit[]>([]);
  const [isEmpty, setEmpty] = useState(false);
  const [done, setDone] = useState(0);
  const openedAt = useRef(new Date().toISOString());
  const [verdictTimes, setVerdictTimes] = useState<number[]>([]);
  const [serverShift, setServerShift] = useState<{ since: string; judged: number } | null>(null);
  const [box, setBox] = useState<OutboxState>({ pending: 0, pendingVerdicts: 0, refused: [], isOnline: true, lastError: null });
  const [isBrowserOnline, setBrowserOnline] = useState(true);
  const [last, setLast] = useState<UnitQueue["last"]>(null);
  // The label an inspector pressed and took back, per unit: sent with the verdict that replaces it.
  const revisions = useRef<Map<string, string>>(new Map());
  // Predictions land in a unit's map (a ref); this re-renders the badge when one arrives for the unit on screen.
  const [, setPredictions] = useState(0);
  const [decidedByModel, setDecidedByModel] = useState(0);
  const [waiting, setWaiting] = useState<number | null>(null);
  // Shadow predictions stay in memory, out of the outbox (and IndexedDB), until the unit's verdict is in:
  // an inspector cannot read the model's answer before giving their own.
  const held = useRef<Map<string, OutboxEntry[]>>(new Map());
  const judgedIds = useRef<Set<string>>(new Set());

  const showNext = useCallback(() => {
    setCurrent(queue.current[0] ?? null);
    setShowing((n) => n + 1);
    setUpcoming(queue.current.slice(1, 3));
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
        const key = predictionIdempotencyKey(unit.id, model.version);
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
          region: prediction.region,
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
    [models, slug, workers],
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
      setServerShift(shift);
      const fresh = units.filter((unit) => !seen.current.has(unit.id));
      for (const { id, imageUrl, level, suggest } of fresh) {
        seen.current.add(id);
        const bytes = await (await fetch(imageUrl)).arrayBuffer();
        const objectUrl = URL.createObjectURL(new Blob([bytes]));
        const image = new Image();
        image.src = objectUrl;
        await image.decode().catch(() => undefined);
        const unit: Unit = { id, level, suggest, objectUrl, width: image.naturalWidth, height: image.naturalHeight, predictions: new Map() };
        if (mayDecideAlone(level) && models.length > 0) {
          // PARTIAL / FULL: the model may decide this unit alone: show it only if the server routes it to a human.
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
    const poll = setInterval(() => void fill(), 3_000);
    void opening.then(() => fill());
    const online = () => setBrowserOnline(navigator.onLine);
    window.addEventListener("online", online);
    window.addEventListener("offline", online);
    online();
    return () => {
      isActive = false;
      clearInterval(poll);
      window.removeEventListener("online", online);
      window.removeEventListener("offline", online);
      outbox.current?.stop();
    };
  }, [fill]);

  const decide = useCallback(
    async (label: string) => {
      const unit = queue.current[0];
      if (!unit || !outbox.current) return;
      const key = newIdempotencyKey();
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

  const shift = serverShift
    ? { since: serverShift.since, judged: serverShift.judged + verdictTimes.filter((at) => at >= Date.parse(serverShift.since)).length }
    : null;
  return {
    current,
    showing,
    upcoming,
    isEmpty,
    done,
    shift,
    waiting,
    decidedByModel,
    outbox: box,
    isOnline: isBrowserOnline && box.isOnline,
    last,
    decide,
    undo,
  };
}
