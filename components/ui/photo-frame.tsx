import type { CSSProperties, ReactNode } from "react";
import type { InspectionRegion } from "@/lib/model/client";

/**
 * A box with the photo's own proportions, as wide as its container allows and
 * no taller than `maxHeight`: the photo fills it exactly, so what is laid over
 * it (where the model looked, the station's region) lies on the photo rather
 * than on letterboxing around a camera's 16:9 frame.
 */
export function PhotoFrame({
  width,
  height,
  maxHeight,
  className = "",
  style,
  children,
}: {
  /** The photo's pixels; 0 while unknown (shown square). */
  width: number;
  height: number;
  /** A CSS length the frame's height stays within. */
  maxHeight: string;
  className?: string;
  style?: CSSProperties;
  children: ReactNode;
}) {
  const [w, h] = width > 0 && height > 0 ? [width, height] : [1, 1];
  return (
    <div className={`relative mx-auto w-full ${className}`} style={{ ...style, aspectRatio: `${w} / ${h}`, maxWidth: `calc(${maxHeight} * ${w / h})` }}>
      {children}
    </div>
  );
}

/** A region of the photo outlined, and unless `dim` is false everything outside it dimmed: what the model does not score. */
export function RegionOutline({ region, dim = true, testId }: { region: InspectionRegion; dim?: boolean; testId?: string }) {
  return (
    <div
      data-testid={testId}
      aria-hidden
      className="pointer-events-none absolute border-2 border-dashed border-amber-400"
      style={{
        left: `${region.left * 100}%`,
        top: `${region.top * 100}%`,
        width: `${region.width * 100}%`,
        height: `${region.height * 100}%`,
        ...(dim ? { boxShadow: "0 0 0 9999px rgba(15, 23, 42, 0.55)" } : {}),
      }}
    />
  );
}
