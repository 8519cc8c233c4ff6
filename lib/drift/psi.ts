import { chiSquareQuantile } from "./chi-square.ts";

/**
 * Population stability index between a reference and a current histogram over
 * the same bins: sum (c - r) ln(c / r) of their proportions. Each bin gets half
 * a unit of count first so that an empty bin gives a large, finite PSI rather
 * than infinity. Null when either side is empty.
 */
export function psi(referenceCounts: readonly number[], currentCounts: readonly number[]): number | null {
  if (referenceCounts.length !== currentCounts.length) throw new RangeError("psi needs histograms over the same bins");
  const bins = referenceCounts.length;
  const n = referenceCounts.reduce((a, b) => a + b, 0);
  const m = currentCounts.reduce((a, b) => a + b, 0);
  if (n === 0 || m === 0 || bins === 0) return null;
  let total = 0;
  for (let i = 0; i < bins; i++) {
    const r = ((referenceCounts[i] as number) + 0.5) / (n + 0.5 * bins);
    const c = ((currentCounts[i] as number) + 0.5) / (m + 0.5 * bins);
    total += (c - r) * Math.log(c / r);
  }
  return total;
}

/** The usual fixed bands, shown for reference only: alerts use psiAlertThreshold. */
export const PSI_BANDS = { watch: 0.1, act: 0.25 } as const;

/**
 * The PSI above which a window is unusual at false-alarm rate `alpha` when
 * nothing changed: PSI ~ (1/n + 1/m) chi-square(bins - 1) under the null, so the
 * threshold is that scale times the chi-square (1 - alpha') quantile, with
 * alpha' = alpha / features (Bonferroni) when several features are tested at once.
 */
export function psiAlertThreshold(options: { referenceSize: number; windowSize: number; bins: number; alpha?: number; features?: number }): number {
  const alpha = (options.alpha ?? 0.01) / (options.features ?? 1);
  const scale = 1 / options.referenceSize + 1 / options.windowSize;
  return scale * chiSquareQuantile(1 - alpha, options.bins - 1);
}

/** Counts of `values` in the bins cut by `edges` (n + 1 edges for n bins; outside values go to the end bins). */
export function histogram(values: readonly number[], edges: readonly number[]): number[] {
  const bins = edges.length - 1;
  const counts = new Array<number>(Math.max(0, bins)).fill(0);
  for (const value of values) {
    let index = 0;
    while (index < bins - 1 && value >= (edges[index + 1] as number)) index++;
    counts[index]! += 1;
  }
  return counts;
}
