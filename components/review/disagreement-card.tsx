import { HeatmapOverlay } from "@/components/ui/heatmap-overlay";
import { PhotoFrame } from "@/components/ui/photo-frame";
import type { Disagreement } from "@/lib/review";
import { AdjudicationForm } from "./adjudication-form";
import { formatInstant } from "@/lib/text";

/** One disagreement: the photo with where the model looked, both answers, and the adjudication form. */
export function DisagreementCard({ item, returnTo }: { item: Disagreement; returnTo: string }) {
  return (
    <article aria-label={`Unit ${item.captureId.slice(0, 8)}`} className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-[16rem_1fr]">
      <div className="flex aspect-square w-64 items-center overflow-hidden rounded bg-slate-900">
        {item.photoRemovedAt ? (
          <p className="p-4 text-center text-sm text-slate-300">
            Photo removed by retention on {formatInstant(item.photoRemovedAt, { timeZone: item.timeZone })}; the verdicts and the model&apos;s answer stay.
          </p>
        ) : (
          // The photo at its own proportions inside the square, so the heatmap lies on it.
          <PhotoFrame width={item.width} height={item.height} maxHeight="16rem">
            {/* eslint-disable-next-line @next/next/no-img-element -- the photo route serves the original bytes */}
            <img
              src={`/api/captures/${item.captureId}/image`}
              alt={`Unit ${item.captureId.slice(0, 8)} at ${item.stationName}`}
              className="absolute inset-0 h-full w-full object-fill"
              loading="lazy"
            />
            {item.heatmap ? <HeatmapOverlay heatmap={item.heatmap} /> : null}
          </PhotoFrame>
        )}
      </div>
      <div className="flex flex-col gap-3">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-xs text-slate-500">Inspector said</dt>
            <dd className="font-semibold" data-testid="human-label">
              {item.humanLabel}
            </dd>
            <dd className="text-xs text-slate-500">{item.inspectorName ?? "imported label"}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Model said</dt>
            <dd className="font-semibold" data-testid="model-label">
              {item.modelLabel}
            </dd>
            <dd className="text-xs text-slate-500">
              {item.modelVersion}, {(100 * item.confidence).toFixed(1)}% sure
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Station</dt>
            <dd>{item.stationName}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Decided</dt>
            <dd>{formatInstant(item.decidedAt, { timeZone: item.timeZone })}</dd>
          </div>
        </dl>
        {item.truth ? (
          <p className="text-sm">
            Settled as <strong>{item.truth}</strong>
            {item.note ? <span className="text-slate-600">: {item.note}</span> : null}
          </p>
        ) : null}
        {item.heatmap ? null : <p className="text-xs text-slate-500">No heatmap was recorded with this prediction.</p>}
        <AdjudicationForm captureId={item.captureId} labels={item.labels} truth={item.truth} note={item.note} returnTo={returnTo} />
      </div>
    </article>
  );
}
