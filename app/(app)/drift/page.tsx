import type { Metadata } from "next";
import Link from "next/link";
import { Distribution, DriftOverTime } from "@/components/drift/drift-charts";
import { formatInstant, binLabels } from "@/lib/text";
import { NumbersCard } from "@/components/dashboard/numbers-card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Term } from "@/components/ui/term";
import { requirePlace } from "@/lib/auth";
import { db } from "@/lib/db";
import { DriftPolicyForm, DriftReferenceForm } from "@/components/drift/drift-settings-forms";
import { DRIFT_POLICY, driftStations, MAY_SET_DRIFT_POLICY, MAY_SET_DRIFT_REFERENCE, PSI_BANDS, stationDrift, type FeatureView } from "@/lib/drift";

export const metadata: Metadata = { title: "Drift" };

const fixed = (value: number | null | undefined, digits = 3) =>
  value === null || value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(digits);
const pValue = (p: number | null) => (p === null ? "–" : p < 0.0001 ? "< 0.0001" : p.toFixed(4));

function statisticOf(view: FeatureView): string {
  return view.kind === "data" || view.feature === "defect-score" ? "PSI" : "z";
}

/** The latest window's detail in words, after its statistic: the rate against the reference's, or the estimate against the gate. */
function detailInWords(view: FeatureView): string | null {
  const percent = (value: number | null | undefined) => (value === null || value === undefined ? "–" : `${(value * 100).toFixed(1)}%`);
  const detail = view.latest.detail;
  if (detail.shape === "estimate") {
    return `: estimate ${percent(detail.rate)} (95% ${percent(detail.low)} to ${percent(detail.high)}) on ${detail.units} units the model decided alone; the gate is ${percent(detail.target)}`;
  }
  if (detail.shape !== "rate") return null;
  if (view.feature === "audit-vs-estimate")
    return `: the audit's agreement ${percent(detail.rate)} on its latest ${detail.units ?? 0} units, where the estimate expected ${percent(detail.referenceRate)}`;
  const unstable = view.kind === "concept" && detail.inputsStable === false ? " (inputs unstable: counted as data drift, not concept drift)" : "";
  return `: ${fixed(detail.rate)} now vs ${fixed(detail.referenceRate)} in the reference${unstable}`;
}

function FeatureCard({ view, timeZone }: { view: FeatureView; timeZone: string }) {
  const detail = view.latest.detail;
  const statistic = statisticOf(view);
  const total = detail.shape === "distribution" ? detail.counts.reduce((a, b) => a + b, 0) : 0;
  const bins =
    detail.shape === "distribution"
      ? binLabels(detail.edges).map((bin, i) => ({ bin, reference: detail.referenceShares[i] ?? 0, current: total > 0 ? (detail.counts[i] ?? 0) / total : 0 }))
      : null;
  const title = `${view.kind} · ${view.feature}`;
  const table = {
    head: ["after units", "window end", statistic, "threshold", "p-value", "past threshold"],
    rows: view.series.map((p) => [
      p.unitsSeen,
      formatInstant(new Date(p.windowEnd), { timeZone }),
      fixed(p.value, 4),
      fixed(p.threshold, 4),
      p.pValue === null ? "" : p.pValue.toPrecision(3),
      p.exceeded ? "yes" : "no",
    ]),
  };
  const id = `drift-${view.kind}-${view.feature}`.replace(/[^a-z0-9-]/gi, "-");
  return (
    <NumbersCard
      id={id}
      title={title}
      table={table}
      note={
        <>
          Latest window: {statistic === "PSI" ? <Term id="psi">PSI</Term> : statistic}{" "}
          <strong className={view.latest.exceeded ? "text-red-700" : ""}>{fixed(view.latest.value)}</strong> against a threshold of{" "}
          {fixed(view.latest.threshold)}
          {view.kind === "data" && detail.shape === "distribution" ? (
            <>
              , <Term id="ks">KS</Term> p {pValue(view.latest.pValue)}, mean {fixed(detail.mean)}
            </>
          ) : null}
          {detailInWords(view)}.
        </>
      }
    >
      <div className="grid gap-2 md:grid-cols-2">
        <div role="img" aria-label={`${title}: ${statistic} over time`}>
          <DriftOverTime
            points={view.series.map((p) => ({ unitsSeen: p.unitsSeen, windowEnd: p.windowEnd, value: p.value, threshold: p.threshold }))}
            statistic={statistic}
            timeZone={timeZone}
          />
        </div>
        {bins ? (
          <div role="img" aria-label={`${title}: reference vs current distribution`}>
            <Distribution bins={bins} />
          </div>
        ) : null}
      </div>
    </NumbersCard>
  );
}

export default async function DriftPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePlace("/drift");
  const stations = await driftStations(db());
  const wanted = (await searchParams).station;
  const slug = (typeof wanted === "string" ? wanted : undefined) ?? stations.find((s) => s.openAlerts > 0)?.slug ?? stations[0]?.slug;
  const drift = slug ? await stationDrift(db(), slug) : null;
  const openAlerts = drift?.alerts.filter((a) => !a.closedAt) ?? [];
  return (
    <>
      <PageHeader title="Drift">
        Whether the photos, the model&apos;s answers or its agreement with inspectors moved away from the reference. Every {DRIFT_POLICY.step} predictions the
        latest {DRIFT_POLICY.windowSize} are compared; thresholds hold each statistic to a {DRIFT_POLICY.alpha * 100}% false-alarm rate per window (shared
        across the statistics of a kind), and an alert opens after {DRIFT_POLICY.openAfter} windows in a row past it. The fixed PSI bands ({PSI_BANDS.watch}{" "}
        watch, {PSI_BANDS.act} act) are for reference only.
      </PageHeader>
      <nav aria-label="Stations" className="mb-4 flex flex-wrap gap-2">
        {stations.map((s) => (
          <Link
            key={s.slug}
            href={`/drift?station=${s.slug}`}
            aria-current={s.slug === slug ? "page" : undefined}
            className={`rounded border px-3 py-1 text-sm ${s.slug === slug ? "border-sky-700 bg-sky-50 font-medium" : "border-slate-300 bg-white"}`}
          >
            {s.name}
            {s.openAlerts > 0 ? <span className="ml-2 rounded bg-red-100 px-1.5 text-xs font-semibold text-red-800">{s.openAlerts} open</span> : null}
          </Link>
        ))}
      </nav>
      {!drift ? (
        <EmptyState title="No station">Create a station first.</EmptyState>
      ) : (
        <div className="flex flex-col gap-4">
          <section aria-labelledby="reference-title" className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
            <h2 id="reference-title" className="mb-2 text-base font-semibold">
              Reference
            </h2>
            <p data-testid="drift-reference">
              <strong>{drift.name}</strong> at {drift.level}, model {drift.model ?? "none"}. Reference: {drift.reference ?? "none (no active model)"}.{" "}
              {drift.driftDemotes ? "An open alert demotes the station at PARTIAL or FULL." : "Alerts block promotions but do not demote this station."}
            </p>
            {drift.model && MAY_SET_DRIFT_REFERENCE.includes(user.role) ? (
              <details className="mt-3" open={drift.baseline !== null}>
                <summary className="cursor-pointer font-medium">Pick a baseline window</summary>
                <p className="my-2 text-slate-600">
                  A window of this station&apos;s own past predictions (at least {DRIFT_POLICY.windowSize}) replaces the model&apos;s training statistics as the
                  reference, for example after a change to the line that was judged harmless. Windows checked from then on compare with it.
                </p>
                {drift.days.length > 0 ? (
                  <table className="mb-3 text-xs" aria-label="Recent days">
                    <thead className="text-left text-slate-600">
                      <tr>
                        <th className="pr-4">day (UTC)</th>
                        <th className="pr-4">predictions</th>
                        <th className="pr-4">data windows past threshold</th>
                      </tr>
                    </thead>
                    <tbody>
                      {drift.days.map((d) => (
                        <tr key={d.day}>
                          <td className="pr-4 tabular-nums">{d.day}</td>
                          <td className="pr-4 tabular-nums">{d.predictions}</td>
                          <td className={`pr-4 tabular-nums ${d.windowsPast > 0 ? "text-red-700" : ""}`}>
                            {d.windowsPast} of {d.windows}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
                <DriftReferenceForm slug={drift.slug} timeZone={drift.timeZone} baseline={drift.baseline} suggested={drift.suggestedBaseline} />
              </details>
            ) : null}
            {MAY_SET_DRIFT_POLICY.includes(user.role) ? (
              <div className="mt-3">
                <DriftPolicyForm slug={drift.slug} demotes={drift.driftDemotes} />
              </div>
            ) : null}
          </section>
          <section aria-labelledby="alerts-title" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="alerts-title" className="mb-2 text-base font-semibold">
              Alerts {openAlerts.length > 0 ? <span className="text-red-700">({openAlerts.length} open)</span> : null}
            </h2>
            {drift.alerts.length === 0 ? (
              <p className="text-sm text-slate-600">No drift alert on this station.</p>
            ) : (
              <table className="min-w-full text-sm">
                <thead className="bg-slate-50 text-left">
                  <tr>
                    <th className="px-2 py-1">state</th>
                    <th className="px-2 py-1">kind</th>
                    <th className="px-2 py-1">statistic</th>
                    <th className="px-2 py-1">opened</th>
                    <th className="px-2 py-1">closed</th>
                    <th className="px-2 py-1">at opening</th>
                  </tr>
                </thead>
                <tbody>
                  {drift.alerts.map((a) => {
                    const d = a.opening;
                    return (
                      <tr key={a.id} data-testid="drift-alert" className="border-t border-slate-100">
                        <td className={`px-2 py-1 font-medium ${a.closedAt ? "text-slate-500" : "text-red-700"}`}>{a.closedAt ? "closed" : "open"}</td>
                        <td className="px-2 py-1">{a.kind}</td>
                        <td className="px-2 py-1">{a.feature}</td>
                        <td className="px-2 py-1 tabular-nums">{formatInstant(new Date(a.openedAt), { timeZone: drift.timeZone })}</td>
                        <td className="px-2 py-1 tabular-nums">{a.closedAt ? formatInstant(new Date(a.closedAt), { timeZone: drift.timeZone }) : "–"}</td>
                        <td className="px-2 py-1 tabular-nums">{d ? `${fixed(d.value)} > ${fixed(d.threshold)} after ${d.unitsSeen} units` : "–"}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </section>
          {drift.features.length === 0 ? (
            <EmptyState title="No window checked yet">
              Drift is checked once the station&apos;s active model has predicted on {DRIFT_POLICY.windowSize} units, then every {DRIFT_POLICY.step}.
            </EmptyState>
          ) : (
            <div className="grid gap-4 xl:grid-cols-2">
              {drift.features.map((view) => (
                <FeatureCard key={`${view.kind}/${view.feature}`} view={view} timeZone={drift.timeZone} />
              ))}
            </div>
          )}
        </div>
      )}
    </>
  );
}
