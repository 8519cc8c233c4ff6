import { type EvidenceFilterParams, type FilterOptions, LIGHTING_BUCKETS } from "@/lib/metrics";
import { Choice } from "@/components/ui/choice";
import { DayInput } from "@/components/ui/iso-inputs";

const day = (date: Date) => date.toISOString().slice(0, 10);

const field = "flex flex-col gap-1 text-xs font-medium text-slate-600";
const input = "rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900";

/** The dashboard's filters: a plain GET form, so every view is a URL to share. */
export function FilterBar({ options, params, from, to }: { options: FilterOptions; params: EvidenceFilterParams; from: string; to: string }) {
  return (
    <form method="get" action="/dashboard" className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3" aria-label="Filters">
      <Choice
        name="station"
        label="Station"
        anyLabel="All stations"
        value={params.station}
        choices={options.stations.map((s) => ({ value: s.slug, label: s.name }))}
      />
      <Choice
        name="model"
        label="Model version"
        anyLabel="Active model"
        value={params.model}
        choices={options.models.map((m) => ({ value: m.version, label: m.version }))}
      />
      <Choice
        name="era"
        label="Level era"
        anyLabel="Any era"
        value={params.era}
        choices={options.eras.map((e) => ({
          value: e.id,
          label: `${e.stationName} · ${e.level} · ${day(e.startedAt)} to ${e.endedAt ? day(e.endedAt) : "now"}`,
        }))}
      />
      <Choice
        name="inspector"
        label="Inspector"
        anyLabel="All inspectors"
        value={params.inspector}
        choices={options.inspectors.map((i) => ({ value: i.id, label: i.name }))}
      />
      <Choice
        name="lighting"
        label="Lighting"
        anyLabel="Any lighting"
        value={params.lighting}
        choices={LIGHTING_BUCKETS.map((b) => ({ value: b.key, label: b.label }))}
      />
      <label className={field}>
        From (UTC day)
        <DayInput name="from" defaultValue={from} className={input} />
      </label>
      <label className={field}>
        To (UTC day)
        <DayInput name="to" defaultValue={to} className={input} />
      </label>
      <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">
        Apply filters
      </button>
      <a href="/dashboard" className="px-1 py-1.5 text-sm text-slate-600 hover:underline">
        Reset
      </a>
    </form>
  );
}
