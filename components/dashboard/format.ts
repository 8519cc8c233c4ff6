import type { Proportion } from "@/lib/metrics/wilson";

export function percent(value: number | null, digits = 1): string {
  return value === null ? "–" : `${(100 * value).toFixed(digits)}%`;
}

export function withInterval(p: Proportion): string {
  return p.rate === null ? "–" : `${percent(p.rate)} (95% CI ${percent(p.low)}–${percent(p.high)})`;
}

export function decimal(value: number | null, digits = 3): string {
  return value === null ? "–" : value.toFixed(digits);
}
