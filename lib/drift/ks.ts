/**
 * Two-sample Kolmogorov-Smirnov test: D is the largest gap between the two
 * empirical CDFs; its p-value is the Kolmogorov distribution's tail at
 * Stephens's (1970) corrected lambda = (sqrt(ne) + 0.12 + 0.11 / sqrt(ne)) D,
 * ne = nm / (n + m) (as in Numerical Recipes' kstwo).
 */
export function ksTwoSample(a: readonly number[], b: readonly number[]): { statistic: number; pValue: number } | null {
  if (a.length === 0 || b.length === 0) return null;
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const value = Math.min(x[i] as number, y[j] as number);
    while (i < x.length && (x[i] as number) <= value) i++;
    while (j < y.length && (y[j] as number) <= value) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  const ne = (x.length * y.length) / (x.length + y.length);
  const root = Math.sqrt(ne);
  return { statistic: d, pValue: kolmogorovTail((root + 0.12 + 0.11 / root) * d) };
}

/** P(K > lambda) for the Kolmogorov distribution: 2 sum (-1)^(k-1) exp(-2 k^2 lambda^2). */
export function kolmogorovTail(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-16) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/**
 * KS test of a sample against a reference known by its CDF (measured on
 * `referenceSize` photos): D is the largest gap between the sample's empirical
 * CDF and the reference's; the p-value treats it as two-sample with
 * ne = nm / (n + m), so a small reference counts for its size.
 */
export function ksAgainstCdf(sample: readonly number[], cdf: (x: number) => number, referenceSize: number): { statistic: number; pValue: number } | null {
  const m = sample.length;
  if (m === 0 || referenceSize <= 0) return null;
  const x = [...sample].sort((p, q) => p - q);
  let d = 0;
  for (let i = 0; i < m; i++) {
    const f = cdf(x[i] as number);
    d = Math.max(d, Math.abs((i + 1) / m - f), Math.abs(f - i / m));
  }
  const ne = (m * referenceSize) / (m + referenceSize);
  const root = Math.sqrt(ne);
  return { statistic: d, pValue: kolmogorovTail((root + 0.12 + 0.11 / root) * d) };
}
