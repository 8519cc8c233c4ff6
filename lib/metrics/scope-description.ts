import type { EvidenceFilter, EvidenceFilterParams } from "./evidence-filter.ts";
import type { FilterOptions } from "./filter-options.ts";
import { LIGHTING_BUCKETS } from "./lighting.ts";

const LEVEL_WORDS: Record<string, string> = {
  HUMAN_ONLY: "humans only",
  SHADOW: "shadow",
  AI_ASSIST: "AI assistance",
  PARTIAL: "partial automation",
  FULL: "full automation",
};
const day = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The dashboard's subtitle: every filter actually applied, in words, so a
 * number is never read without its scope (which model, which stations, which
 * era, whose verdicts, which days).
 */
export function describeEvidenceScope(params: EvidenceFilterParams, filter: EvidenceFilter, options: FilterOptions): string {
  const parts: string[] = [];
  const era = params.era ? options.eras.find((e) => e.id === params.era) : undefined;
  const station = options.stations.find((s) => s.slug === (era?.stationSlug ?? params.station));
  parts.push(station ? station.name : "all stations");
  if (params.model) parts.push(`model ${params.model}`);
  else {
    const versions = [...new Set((filter.currentModels ?? []).map((m) => m.version))];
    parts.push(
      versions.length === 0 ? "no active model" : station ? `its active model ${versions.join(", ")}` : `each station's active model (${versions.join(", ")})`,
    );
  }
  if (era) parts.push(`the ${LEVEL_WORDS[era.level] ?? era.level} era from ${day(era.startedAt)} to ${era.endedAt ? day(era.endedAt) : "now"}`);
  if (params.inspector) parts.push(`inspector ${options.inspectors.find((i) => i.id === params.inspector)?.name ?? params.inspector}`);
  if (params.lighting) parts.push(`lighting: ${(LIGHTING_BUCKETS.find((b) => b.key === params.lighting)?.label ?? params.lighting).toLowerCase()}`);
  // `filter.to` is exclusive: the last day shown is the one before it.
  parts.push(`${day(filter.from)} to ${day(new Date(filter.to.getTime() - 86_400_000))}`);
  return parts.join(" · ");
}
