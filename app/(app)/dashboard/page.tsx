import type { Metadata } from "next";
import { ConfusionHeatmap } from "@/components/dashboard/confusion-heatmap";
import { AgreementOverTime, ClassBars, ConfidenceHistogram, ReliabilityDiagram, ThresholdWhatIf, TimeToDecide } from "@/components/dashboard/charts";
import { FilterBar } from "@/components/dashboard/filter-bar";
import { AutomationBiasPanel } from "@/components/dashboard/automation-bias";
import { decimal, headlineRate, withInterval } from "@/components/dashboard/format";
import { NumbersCard } from "@/components/dashboard/numbers-card";
import { UnitExport } from "@/components/dashboard/unit-export";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Term } from "@/components/ui/term";
import type { GlossaryId } from "@/lib/text";
import { requirePlace } from "@/lib/auth";
import { db } from "@/lib/db";
import { driftStations } from "@/lib/drift";
import Link from "next/link";
import {
  automationBiasByInspector,
  describeEvidenceScope,
  evidenceDashboard,
  filterOptions,
  isoDay,
  labelsForFilter,
  parseEvidenceFilter,
  resolveEvidenceFilter,
  dashboardTables,
} from "@/lib/metrics";

export const metadata: Metadata = { title: "Dashboard" };

const DAY_MS = 86_400_000;

function Stat({ label, value, detail, term }: { label: string; value: string; detail?: string; term?: GlossaryId }) {
  return (
    <div role="group" aria-label={label} className="rounded-lg border border-slate-200 bg-white p-3">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{term ? <Term id={term}>{label}</Term> : label}</p>
      <p data-testid="value" className="mt-1 text-xl font-semibold tabular-nums">
        {value}
      </p>
      {detail ? <p className="mt-0.5 text-xs text-slate-500">{detail}</p> : null}
    </div>
  );
}

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePlace("/dashboard");
  const params = parseEvidenceFilter(await searchParams);
  const options = await filterOptions(db());
  const filter = await resolveEvidenceFilter(db(), params);
  const station = options.stations.find((s) => s.slug === params.station);
  const thresholds =
    station && station.okThreshold !== null && station.defectThreshold !== null
      ? { okThreshold: station.okThreshold, defectThreshold: station.defectThreshold }
      : null;
  const [d, bias] = await Promise.all([
    evidenceDashboard(db(), filter, labelsForFilter(options, params.station), thresholds),
    automationBiasByInspector(db(), filter),
  ]);
  const tables = dashboardTables(d);
  const drifting = (await driftStations(db())).filter((s) => s.openAlerts > 0 && (!params.station || s.slug === params.station));
  // `filter.to` is exclusive: the last day shown is the one before it.
  const lastDay = isoDay(new Date(filter.to.getTime() - DAY_MS));
  const agreement = headlineRate(d.agreement, "compared units");
  const binaryAgreement = headlineRate(d.binaryAgreement, "compared units");
  const modelErrors = headlineRate(d.adjudicated.modelErrors, "adjudicated units");
  const humanErrors = headlineRate(d.adjudicated.humanErrors, "adjudicated units");
  // The export takes the same filters, with the days the page shows spelled out.
  const exportQuery = new URLSearchParams(
    Object.entries({ ...params, from: isoDay(filter.from), to: lastDay }).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  ).toString();
  const marks = thresholds
    ? [
        { label: `pass ≤ ${thresholds.okThreshold}`, threshold: 1 - thresholds.okThreshold },
        { label: `reject ≥ ${thresholds.defectThreshold}`, threshold: thresholds.defectThreshold },
      ].filter((m) => m.threshold >= 0.5 && m.threshold <= 1)
    : [];
  return (
    <>
      <PageHeader title="Dashboard">
        How often, and where, the model agrees with inspectors: <span data-testid="scope">{describeEvidenceScope(params, filter, options)}</span>.
      </PageHeader>
      <FilterBar options={options} params={params} from={isoDay(filter.from)} to={lastDay} />
      <section
        aria-label="Drift"
        className={`mb-4 rounded-lg border p-3 text-sm ${drifting.length > 0 ? "border-red-200 bg-red-50" : "border-slate-200 bg-white"}`}
      >
        {drifting.length > 0 ? (
          <>
            <strong className="text-red-800">Open drift alerts:</strong>{" "}
            {drifting.map((s, i) => (
              <span key={s.slug}>
                {i > 0 ? ", " : null}
                <Link href={`/drift?station=${s.slug}`} className="font-medium text-sky-800 underline">
                  {s.name} ({s.openAlerts})
                </Link>
              </span>
            ))}
            . Agreement measured while inputs drift is not the model&apos;s agreement on the line it was trained for.
          </>
        ) : (
          <>
            No open drift alert.{" "}
            <Link href="/drift" className="text-sky-800 underline">
              Drift monitoring
            </Link>
          </>
        )}
      </section>
      {d.units === 0 ? (
        <EmptyState title="No shadow evidence for these filters">
          Agreement appears once a station runs a model in shadow mode and inspectors judge the same units. Widen the filters, or give a station an active model
          and let inspectors work.
        </EmptyState>
      ) : (
        <div className="flex flex-col gap-4">
          <section className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-6" aria-label="Headline numbers">
            <Stat label="Units compared" value={d.units.toLocaleString("en")} />
            <Stat label="Agreement" value={agreement.value} detail={agreement.detail} term="agreement" />
            <Stat label="OK vs defect agreement" value={binaryAgreement.value} detail={binaryAgreement.detail} />
            <Stat
              label="Cohen's kappa"
              term="kappa"
              value={decimal(d.kappa)}
              detail={d.kappa === null ? "undefined: one label on every unit" : `OK vs defect: ${decimal(d.binaryKappa)}`}
            />
            <Stat label="Model error rate" value={modelErrors.value} detail={modelErrors.detail} />
            <Stat label="Inspector error rate" value={humanErrors.value} detail={humanErrors.detail} />
          </section>
          <UnitExport query={exportQuery} units={d.units} />
          <div className="grid gap-4 lg:grid-cols-2">
            <NumbersCard
              id="agreement-over-time"
              title="Agreement over time"
              note={
                <>
                  Per day, with the 95% <Term id="wilson">Wilson interval</Term> as a band.
                </>
              }
              table={tables.agreementByDay}
            >
              <AgreementOverTime
                points={d.byDay.map((day) => ({
                  day: day.day,
                  agreement: day.agreement.rate,
                  band: [day.agreement.low, day.agreement.high],
                  units: day.agreement.n,
                }))}
              />
            </NumbersCard>
            <NumbersCard
              id="confusion-matrix"
              title="Confusion matrix"
              note="Rows: what the inspector said. Columns: what the model said."
              table={tables.confusion}
            >
              <ConfusionHeatmap matrix={d.confusion} />
            </NumbersCard>
            <NumbersCard
              id="per-class"
              title="Per class"
              note="One class against the rest; the reference is the adjudicated truth where a unit has one, else the inspector."
              table={tables.classScores}
            >
              <ClassBars bars={d.classScores.map((c) => ({ label: c.label, precision: c.precision.rate, recall: c.recall.rate, f1: c.f1 }))} />
            </NumbersCard>
            <NumbersCard id="confidence" title="Model confidence, agree vs disagree" table={tables.confidence}>
              <ConfidenceHistogram bars={d.confidence.map((b) => ({ bin: b.low.toFixed(2), agree: b.agreements, disagree: b.disagreements }))} />
            </NumbersCard>
            <NumbersCard
              id="threshold-what-if"
              title="Threshold what-if"
              note={
                d.stationOperatingPoint
                  ? `At its own thresholds the model would decide ${withInterval(d.stationOperatingPoint.decided)} of units alone, disagreeing with inspectors on ${withInterval(d.stationOperatingPoint.disagreement)} of those.`
                  : "For each confidence threshold t, the model decides units with P(defect) ≤ 1 − t or ≥ t. Pick a station to mark its own thresholds."
              }
              table={tables.whatIf}
            >
              <ThresholdWhatIf
                points={d.whatIf.map((p) => ({ threshold: p.defectThreshold, decided: p.decided.rate, disagreement: p.disagreement.rate }))}
                marks={marks}
              />
            </NumbersCard>
            <NumbersCard
              id="calibration"
              title="Calibration"
              note={
                <>
                  <Term id="ece">Expected calibration error</Term>: {decimal(d.calibration.ece)}.
                </>
              }
              table={tables.calibration}
            >
              <ReliabilityDiagram
                points={d.calibration.bins.filter((b) => b.count > 0).map((b) => ({ confidence: b.meanConfidence!, accuracy: b.accuracy!, units: b.count }))}
              />
            </NumbersCard>
            <NumbersCard id="time-to-decide" title="Time to decide" note="Per verdict, median and 90th percentile per day." table={tables.timeToDecide}>
              <TimeToDecide points={d.timeToDecide.map((t) => ({ day: t.day, median: t.medianMs, p90: t.p90Ms }))} />
            </NumbersCard>
          </div>
          {bias.total.assisted.n + bias.total.blind.n > 0 ? <AutomationBiasPanel total={bias.total} inspectors={bias.inspectors} /> : null}
          <NumbersCard id="slices" title="Slices, worst agreement first" table={tables.slices}>
            <div tabIndex={0} className="max-h-96 overflow-auto">
              <table className="min-w-full text-sm">
                <caption className="sr-only">Agreement by station, inspector and lighting</caption>
                <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-600">
                  <tr>
                    <th scope="col" className="px-3 py-1.5">
                      By
                    </th>
                    <th scope="col" className="px-3 py-1.5">
                      Slice
                    </th>
                    <th scope="col" className="px-3 py-1.5">
                      Units
                    </th>
                    <th scope="col" className="px-3 py-1.5">
                      Agreement
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.slices.map((s) => (
                    <tr key={`${s.dimension}:${s.key}`} className="border-t border-slate-100">
                      <td className="px-3 py-1.5 text-slate-500">{s.dimension}</td>
                      <td className="px-3 py-1.5">{s.name}</td>
                      <td className="px-3 py-1.5 tabular-nums">{s.agreement.n}</td>
                      <td className="px-3 py-1.5 tabular-nums">{withInterval(s.agreement)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </NumbersCard>
        </div>
      )}
    </>
  );
}
