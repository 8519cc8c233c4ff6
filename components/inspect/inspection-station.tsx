"use client";

import { useCallback, useState } from "react";
import { HeatmapOverlay } from "@/components/ui/heatmap-overlay";
import { PhotoFrame, RegionOutline } from "@/components/ui/photo-frame";
import type { InspectionRegion } from "@/lib/model/client";
import { formatInstant } from "@/lib/text";
import { KeyHelp } from "./key-help";
import { LastVerdict } from "./last-verdict";
import { type StationModel, useModelWorkers } from "./use-model-workers";
import { UNDO_MS, useUnitQueue } from "./use-unit-queue";
import { useVerdictKeys } from "./use-verdict-keys";

export type { StationModel } from "./use-model-workers";

/**
 * One unit at a time, one key per verdict: the units and their outbox
 * (useUnitQueue), the models predicting in Web Workers (useModelWorkers) and
 * the keys (useVerdictKeys) are the hooks'; this is what the inspector sees.
 */
export function InspectionStation({
  slug,
  labels,
  models,
  modelMayDecide,
  timeZone,
  region,
}: {
  slug: string;
  /** The station's time zone: the last verdict's time is written in it. */
  timeZone: string;
  labels: { key: string; label: string }[];
  /** The active model first, then the candidate. */
  models: StationModel[];
  /** The station runs (some of) its units at PARTIAL or FULL: count those the model decides. */
  modelMayDecide: boolean;
  /** The station's region of interest: the models score only there. */
  region: InspectionRegion | null;
}) {
  const workers = useModelWorkers(models, region);
  const units = useUnitQueue({ slug, models, workers });
  const { current, upcoming, shift, outbox: box, last, decide, undo } = units;
  // Zoom belongs to the showing it was asked on: the next unit (or one undone back) shows whole.
  const [zoomedShowing, setZoomedShowing] = useState<number | null>(null);
  const isZoomed = zoomedShowing === units.showing;
  const [isHelpOpen, setHelpOpen] = useState(false);
  useVerdictKeys({
    labels,
    isHelpOpen,
    onDecide: (label) => void decide(label),
    onUndo: () => void undo(),
    onToggleHelp: useCallback(() => setHelpOpen((open) => !open), []),
  });

  // At AI assistance every unit has the same badge; blind units, like units the model could not score, read "No suggestion".
  const isAssisted = current?.level === "AI_ASSIST";
  const suggestion = current?.suggest ? current.predictions.get(models[0]?.version ?? "") : undefined;
  const lastShown = last ? { label: labels.find((label) => label.key === last.label)?.label ?? last.label, unitId: last.unit.id, at: last.at } : null;
  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_16rem]">
      <div className="relative overflow-hidden rounded-lg border border-slate-200 bg-slate-900">
        {current ? (
          // The photo at its own proportions, so the heatmap and the region lie on it; zoom enlarges all three together.
          <PhotoFrame
            width={current.width}
            height={current.height}
            maxHeight="80vh"
            className={`cursor-zoom-in ${isZoomed ? "scale-200 cursor-zoom-out" : ""}`}
            style={{ transformOrigin: "center" }}
          >
            {/* One keyed list, so the next photo's <img> moves into place instead of being re-created. */}
            {[current, ...upcoming].map((unit, index) =>
              index === 0 ? (
                // eslint-disable-next-line @next/next/no-img-element -- an object URL of a prefetched, decoded photo
                <img
                  key={unit.id}
                  src={unit.objectUrl}
                  alt={`Unit ${unit.id}`}
                  onClick={() => setZoomedShowing(isZoomed ? null : units.showing)}
                  className="absolute inset-0 h-full w-full object-fill"
                />
              ) : (
                // eslint-disable-next-line @next/next/no-img-element -- kept rasterised for an instant switch
                <img
                  key={unit.id}
                  src={unit.objectUrl}
                  alt=""
                  aria-hidden
                  className="pointer-events-none absolute inset-0 h-full w-full object-contain opacity-0"
                />
              ),
            )}
            {suggestion ? <HeatmapOverlay heatmap={suggestion.heatmap} /> : null}
            {/* Where the suggestion comes from; nothing dimmed: the inspector judges the whole photo. */}
            {region && suggestion ? <RegionOutline region={region} dim={false} testId="inspection-region" /> : null}
          </PhotoFrame>
        ) : (
          <div className="flex aspect-square items-center justify-center text-slate-300" role="status">
            {!units.isOnline
              ? "Offline: every unit on this device is judged. The next ones come when the network is back."
              : units.isEmpty
                ? "No units waiting. New units appear here as the line sends them."
                : "Loading the next unit…"}
          </div>
        )}
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
          <dd data-testid="shift">{shift ? shift.judged : "…"}</dd>
          <dt className="text-slate-500">Judged on this page</dt>
          <dd data-testid="done">{units.done}</dd>
          <dt className="text-slate-500">Left at the station</dt>
          <dd data-testid="waiting">{units.waiting ?? "…"}</dd>
          {modelMayDecide ? (
            <>
              <dt className="text-slate-500">Decided by the model</dt>
              <dd data-testid="decided-by-model">{units.decidedByModel}</dd>
            </>
          ) : null}
        </dl>
        <p data-testid="uploads" className={`text-sm ${box.pendingVerdicts === 0 ? "text-green-700" : units.isOnline ? "text-slate-600" : "text-amber-700"}`}>
          {box.pendingVerdicts === 0
            ? units.done > 0
              ? "All verdicts saved."
              : "Nothing waiting to be sent."
            : `${box.pendingVerdicts} verdict${box.pendingVerdicts === 1 ? "" : "s"} ${units.isOnline ? "waiting to be sent" : "waiting for the network, kept on this device"}.`}
        </p>
        <p data-testid="connection" className={`text-sm ${units.isOnline ? "text-slate-500" : "text-amber-700"}`}>
          {units.isOnline ? "Online" : "Offline: verdicts are kept on this device and sent when the network is back"}
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
