/**
 * Lighting buckets for slicing evidence: by the photo's mean brightness as the
 * browser measured it (0..1). Defined once here; the SQL receives the edges as
 * parameters.
 */
export const LIGHTING_BUCKETS = [
  { key: "dark", label: "Dark (brightness < 0.2)", below: 0.2 },
  { key: "medium", label: "Medium (0.2 to 0.5)", below: 0.5 },
  { key: "bright", label: "Bright (brightness >= 0.5)", below: Number.POSITIVE_INFINITY },
] as const;

export type LightingBucket = (typeof LIGHTING_BUCKETS)[number]["key"];

export const LIGHTING_BUCKET_KEYS = LIGHTING_BUCKETS.map((b) => b.key) as [LightingBucket, ...LightingBucket[]];

export function lightingBucketOf(brightness: number): LightingBucket {
  return LIGHTING_BUCKETS.find((bucket) => brightness < bucket.below)!.key;
}
