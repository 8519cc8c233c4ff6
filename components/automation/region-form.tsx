"use client";

import { useRef, useState, type PointerEvent } from "react";
import { setInspectionRegionAction } from "@/app/(app)/automation/actions";
import { RegionOutline } from "@/components/ui/photo-frame";
import type { InspectionRegion } from "@/lib/model/client";
import { ActionForm, Field, fieldText, inputClass, ReasonField } from "./action-form";

/** The smallest side a region may have, as lib/model/region.ts refuses smaller. */
const MIN_SIDE = 0.05;

const clamp = (value: number) => Math.min(1, Math.max(0, value));
const percent = (value: number) => Math.round(value * 1000) / 10;

/**
 * Where the phone lies in the station's photos: drawn by dragging over a
 * recent photo, or typed in percent of the photo. Outside the region is
 * dimmed as the model will ignore it.
 */
export function RegionForm({
  slug,
  region,
  photo,
  mayEdit,
}: {
  slug: string;
  region: InspectionRegion | null;
  /** A recent photo of the station to draw on, with its size; null when it has none. */
  photo: { url: string; width: number; height: number } | null;
  mayEdit: boolean;
}) {
  const [draft, setDraft] = useState<InspectionRegion | null>(region);
  const drag = useRef<{ x: number; y: number } | null>(null);

  const at = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return { x: clamp((event.clientX - box.left) / box.width), y: clamp((event.clientY - box.top) / box.height) };
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (!mayEdit) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = at(event);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start) return;
    const end = at(event);
    const width = Math.max(MIN_SIDE, Math.abs(end.x - start.x));
    const height = Math.max(MIN_SIDE, Math.abs(end.y - start.y));
    setDraft({ left: Math.min(Math.min(start.x, end.x), 1 - width), top: Math.min(Math.min(start.y, end.y), 1 - height), width, height });
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  // A typed side in percent; the region keeps inside the photo.
  const setSide = (side: keyof InspectionRegion, typed: string) => {
    const value = clamp(Number(typed) / 100);
    if (!Number.isFinite(value)) return;
    setDraft((current) => ({ ...(current ?? { left: 0, top: 0, width: 1, height: 1 }), [side]: value }));
  };

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,36rem)_1fr]">
      {photo ? (
        <div
          data-testid="region-canvas"
          role="img"
          aria-label={`A recent photo of the station${draft ? ", the region of interest outlined" : ""}`}
          className={`relative select-none overflow-hidden rounded border border-slate-300 bg-slate-900 ${mayEdit ? "cursor-crosshair touch-none" : ""}`}
          style={{ aspectRatio: `${photo.width} / ${photo.height}` }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
        >
          {/* eslint-disable-next-line @next/next/no-img-element -- a stored capture, served with its own cache headers */}
          <img src={photo.url} alt="" draggable={false} className="pointer-events-none absolute inset-0 h-full w-full object-fill" />
          {draft ? <RegionOutline region={draft} testId="region-outline" /> : null}
        </div>
      ) : (
        <p className="rounded border border-dashed border-slate-300 p-4 text-sm text-slate-600">
          No photo of this station yet to draw on: type the region in percent of the photo, or wait for the camera&apos;s first unit.
        </p>
      )}
      {mayEdit ? (
        <ActionForm
          label="Region of interest"
          send={(body) => setInspectionRegionAction(slug, body)}
          submit={draft ? "Save the region" : "Score the whole photo"}
          tone="plain"
          toBody={(form) => ({ region: draft, reason: fieldText(form, "reason") })}
        >
          {(["left", "top", "width", "height"] as const).map((side) => (
            <Field key={side} label={`${side[0]?.toUpperCase()}${side.slice(1)} (%)`}>
              <input
                type="number"
                min={0}
                max={100}
                step={0.1}
                value={draft ? percent(draft[side]) : ""}
                placeholder={side === "width" || side === "height" ? "100" : "0"}
                onChange={(event) => setSide(side, event.target.value)}
                className={`${inputClass} w-24`}
              />
            </Field>
          ))}
          <button type="button" onClick={() => setDraft(null)} className="rounded border border-slate-300 px-3 py-1.5">
            Whole photo
          </button>
          <ReasonField width="w-64" />
        </ActionForm>
      ) : null}
    </div>
  );
}
