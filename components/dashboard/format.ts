import type { Proportion } from "@/lib/metrics";

export function percent(value: number | null, digits = 1): string {
  return value === null ? "–" : `${(100 * value).toFixed(digits)}%`;
}

export function withInterval(p: Proportion): string {
  return p.rate === null ? "–" : `${percent(p.rate)} (95% CI ${percent(p.low)}–${percent(p.high)})`;
}

/** Below this many units a rate is too uncertain to headline: the page says so instead of a number. */
export const MIN_UNITS_FOR_A_RATE = 30;

/** A headline rate with its n and 95% interval, or why it is not shown yet. */
export function headlineRate(p: Proportion, unitsWord: string): { value: string; detail: string } {
  if (p.n < MIN_UNITS_FOR_A_RATE)
    return { value: "too few to tell", detail: `too few ${unitsWord} to tell (n = ${p.n}; a rate needs ${MIN_UNITS_FOR_A_RATE})` };
  return { value: percent(p.rate), detail: `95% CI ${percent(p.low)}–${percent(p.high)}, n = ${p.n.toLocaleString("en")} ${unitsWord}` };
}

export function decimal(value: number | null, digits = 3): string {
  return value === null ? "–" : value.toFixed(digits);
}
