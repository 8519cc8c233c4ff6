/** A proportion with its 95% (by default) Wilson score interval. */
export interface Proportion {
  successes: number;
  n: number;
  /** successes / n, or null when there is nothing to divide by. */
  rate: number | null;
  low: number;
  high: number;
}

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

/**
 * Wilson's score interval for a binomial proportion (Wilson 1927; Newcombe
 * 1998, method 3, without continuity correction). Unlike the normal
 * approximation it stays inside [0, 1] and behaves at 0 and n, which is where
 * gates live. With no trials the interval is the whole of [0, 1].
 */
export function wilsonInterval(successes: number, n: number, z: number = Z_95): Proportion {
  if (!Number.isInteger(n) || n < 0 || successes < 0 || successes > n) {
    throw new RangeError(`wilsonInterval needs 0 <= successes <= n, got ${successes}/${n}`);
  }
  if (n === 0) return { successes, n, rate: null, low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp the rounding error at the ends: 0/n must give exactly 0, n/n exactly 1.
  return { successes, n, rate: p, low: successes === 0 ? 0 : Math.max(0, centre - half), high: successes === n ? 1 : Math.min(1, centre + half) };
}
