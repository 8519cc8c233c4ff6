import { z } from "zod";

// A station's fixed region of interest: where the phone lies in its camera's
// photos (a fixture, a tray). The model still sees the whole photo, so a
// defect at the region's edge keeps its context, but a class's score is its
// most suspicious patch inside the region only: the bench, cables and boxes
// around the phone cannot fail a unit (bench/results/phone-region.md
// measures what that is worth on a line the model was not trained on).

/** Fractions of the photo's width and height, from its top-left corner. */
export interface InspectionRegion {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The smallest side a region may have: a few patches of the coarsest model. */
export const MIN_REGION_SIDE = 0.05;

const fraction = z.number().finite().min(0).max(1);

export const inspectionRegionSchema = z
  .object({ left: fraction, top: fraction, width: fraction.min(MIN_REGION_SIDE), height: fraction.min(MIN_REGION_SIDE) })
  .strict()
  .refine((region) => region.left + region.width <= 1 + 1e-9 && region.top + region.height <= 1 + 1e-9, {
    message: "The region must lie inside the photo.",
  });

/** A stored region (JSON), or null where none is set or it does not parse. */
export function regionFrom(value: unknown): InspectionRegion | null {
  const parsed = inspectionRegionSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * Which cells of a rows x columns grid over the photo count: those whose
 * centre lies inside the region (row-major, true = counted). Without a
 * region, all of them.
 */
export function regionMask(rows: number, columns: number, region: InspectionRegion | null): boolean[] {
  const mask = new Array<boolean>(rows * columns).fill(region === null);
  if (!region) return mask;
  const right = region.left + region.width;
  const bottom = region.top + region.height;
  let any = false;
  for (let r = 0; r < rows; r++) {
    const y = (r + 0.5) / rows;
    if (y < region.top || y > bottom) continue;
    for (let c = 0; c < columns; c++) {
      const x = (c + 0.5) / columns;
      if (x < region.left || x > right) continue;
      mask[r * columns + c] = true;
      any = true;
    }
  }
  // A region narrower than one cell still counts the cell under its centre.
  if (!any) {
    const r = Math.min(rows - 1, Math.floor((region.top + region.height / 2) * rows));
    const c = Math.min(columns - 1, Math.floor((region.left + region.width / 2) * columns));
    mask[r * columns + c] = true;
  }
  return mask;
}

/**
 * The cells a class's score is taken over: inside the region (regionMask)
 * and, for a version with a phone finder, on the phone (`onPhone`, 1 per
 * cell, as lib/model/finder.ts's phoneMasks gives it). A phone found only
 * outside the region leaves the region alone. Null when every cell counts.
 */
export function countedCells(rows: number, columns: number, region: InspectionRegion | null, onPhone: ArrayLike<number> | null): boolean[] | null {
  const inside = region ? regionMask(rows, columns, region) : null;
  if (!onPhone) return inside;
  const phone = Array.from({ length: rows * columns }, (_, cell) => (onPhone[cell] as number) >= 0.5);
  if (!inside) return phone;
  const both = inside.map((yes, cell) => yes && (phone[cell] as boolean));
  return both.some(Boolean) ? both : inside;
}

/** The same region, or none, in a line people read: "left 10%, top 5%, 60% x 80% of the photo". */
export function describeRegion(region: InspectionRegion | null): string {
  if (!region) return "the whole photo";
  const pct = (value: number) => `${Math.round(value * 1000) / 10}%`;
  return `left ${pct(region.left)}, top ${pct(region.top)}, ${pct(region.width)} × ${pct(region.height)} of the photo`;
}

/** Whether two regions (or their absence) are the same, to the rounding a form gives. */
export function sameRegion(a: InspectionRegion | null, b: InspectionRegion | null): boolean {
  if (!a || !b) return a === b;
  const close = (x: number, y: number) => Math.abs(x - y) < 1e-6;
  return close(a.left, b.left) && close(a.top, b.top) && close(a.width, b.width) && close(a.height, b.height);
}
