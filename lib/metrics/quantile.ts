/**
 * The value at quantile q of the samples by the nearest-rank method: the
 * smallest sample with at least a share q of the samples at or below it.
 * Latency targets ("p95 <= 50 ms") are read this way.
 */
export function nearestRank(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** A figure to one decimal, as the benchmarks report them. */
export function toTenth(value: number): number {
  return Math.round(value * 10) / 10;
}
