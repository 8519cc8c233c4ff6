import { type FeatureReference, type ModelMetadata, INPUT_STATISTICS, type InputStatistics } from "../model/metadata.ts";

export type Feature = keyof InputStatistics;
export const FEATURES: readonly Feature[] = INPUT_STATISTICS;

/**
 * What a station's current windows are compared with: per input feature, bin
 * edges with the reference's counts in them and a CDF for the KS test; the
 * predicted defect rate; and, from a baseline window only, the scores' histogram.
 */
export interface DriftReference {
  source: "model" | "baseline";
  label: string;
  /** Photos (or predictions) the reference was measured on. */
  size: number;
  features: Record<Feature, { edges: number[]; counts: number[]; cdf: (x: number) => number }>;
  defectRate: { rate: number; size: number } | null;
  scores: { edges: number[]; counts: number[] } | null;
  /** Predictions the scores' histogram was measured on, when not `size`. */
  scoresSize?: number;
}

/** The CDF through a feature's deciles, linear between them: the model reference's distribution. */
export function decileCdf(deciles: readonly number[]): (x: number) => number {
  const q = deciles;
  const last = q.length - 1;
  return (x) => {
    if (last < 1 || x < (q[0] as number)) return 0;
    if (x >= (q[last] as number)) return 1;
    let i = 0;
    while (i < last - 1 && x >= (q[i + 1] as number)) i++;
    const low = q[i] as number;
    const high = q[i + 1] as number;
    return (i + (high > low ? (x - low) / (high - low) : 1)) / last;
  };
}

/** Equal-mass bins from the deciles; deciles that coincide (a constant feature) merge their bins. */
function decileBins(reference: FeatureReference, size: number): { edges: number[]; counts: number[] } {
  const inner = reference.deciles.slice(1, -1);
  const edges = [Number.NEGATIVE_INFINITY];
  const counts: number[] = [];
  let mass = 0.1;
  for (const edge of inner) {
    if (edge > (edges.at(-1) as number)) {
      edges.push(edge);
      counts.push(mass * size);
      mass = 0.1;
    } else mass += 0.1;
  }
  edges.push(Number.POSITIVE_INFINITY);
  counts.push(mass * size);
  return { edges, counts };
}

/** The reference of a model version: its training data's input statistics and its calibration set's predicted defect rate. */
export function modelReference(metadata: Pick<ModelMetadata, "version" | "reference" | "training" | "evaluation">): DriftReference {
  const training = metadata.training as { photos?: number; split?: { train?: number } };
  const size = training.split?.train ?? training.photos ?? 1000;
  const features = Object.fromEntries(
    FEATURES.map((feature) => {
      const reference = metadata.reference[feature];
      return [feature, { ...decileBins(reference, size), cdf: decileCdf(reference.deciles) }];
    }),
  ) as DriftReference["features"];
  return {
    source: "model",
    label: `${metadata.version}'s training photos (${size})`,
    size,
    features,
    defectRate: predictedDefectRate(metadata.evaluation),
    scores: null,
  };
}

/**
 * The share of photos a model called defective on its first evaluation set
 * (the calibration set), recovered from per-class recall, precision and support.
 */
function predictedDefectRate(evaluation: Record<string, unknown>): DriftReference["defectRate"] {
  const first = Object.values(evaluation)[0] as
    { photos?: number; perClass?: { label: string; support: number; precision: number; recall: number }[] } | undefined;
  const ok = first?.perClass?.find((c) => c.label === "ok");
  if (!first?.photos || !ok || ok.precision <= 0) return null;
  const predictedOk = (ok.recall * ok.support) / ok.precision;
  return { rate: 1 - predictedOk / first.photos, size: first.photos };
}

export interface ReferenceRow extends InputStatistics {
  defectScore: number;
  predictedDefect: boolean;
}

/** The reference of a baseline window of the station's own predictions: empirical bins and CDFs. */
export function baselineReference(rows: readonly ReferenceRow[], label: string): DriftReference {
  const size = rows.length;
  const features = Object.fromEntries(
    FEATURES.map((feature) => {
      const values = rows.map((row) => row[feature]).sort((a, b) => a - b);
      const cdf = (x: number) => upperBound(values, x) / size;
      return [feature, { ...empiricalBins(values), cdf }];
    }),
  ) as DriftReference["features"];
  const defects = rows.filter((row) => row.predictedDefect).length;
  const scores = empiricalBins(rows.map((row) => row.defectScore).sort((a, b) => a - b));
  return { source: "baseline", label, size, features, defectRate: size > 0 ? { rate: defects / size, size } : null, scores };
}

/** Equal-mass bins at the sorted values' deciles (merged where they coincide), with the values' counts in them. */
function empiricalBins(sorted: readonly number[]): { edges: number[]; counts: number[] } {
  const size = sorted.length;
  const deciles = Array.from({ length: 11 }, (_, i) => sorted[Math.min(size - 1, Math.round((i / 10) * (size - 1)))] ?? 0);
  const { edges } = decileBins({ mean: 0, std: 0, deciles }, size);
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const value of sorted) {
    let bin = 0;
    while (bin < counts.length - 1 && value >= (edges[bin + 1] as number)) bin++;
    counts[bin]! += 1;
  }
  return { edges, counts };
}

/** How many of the sorted values are <= x. */
function upperBound(sorted: readonly number[], x: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] as number) <= x) low = mid + 1;
    else high = mid;
  }
  return low;
}
